package dev.quiesce.runtime.testing.junit;

import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnIdentify;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.file.Path;

/** A small writer compiled by the real processor: one directory, frozen and thawed. */
@Writer(name = "counter")
public final class CounterWriter {
  private final Path directory;
  int frozen;

  @Inject
  CounterWriter(@Named("data") Path directory) {
    this.directory = directory;
  }

  @OnIdentify
  void identify(IdentifyContext ctx) {
    ctx.component("counts").files(directory, "*", true);
  }

  @OnFreeze
  void freeze(FreezeContext ctx) {
    frozen++;
  }

  @OnThaw
  void thaw(ThawContext ctx) {}
}
