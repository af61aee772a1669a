package dev.quiesce.cluster;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnIdentify;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** A BACK_END writer over a directory of table files, frozen while its writes are held. */
@Writer(name = "table", level = ApplicationLevel.BACK_END, freezeTimeoutMillis = 60_000)
public final class TableWriter {
  final Path dir;
  final AtomicBoolean frozen = new AtomicBoolean();

  @Inject
  TableWriter(Path dir) {
    this.dir = dir;
  }

  @OnIdentify
  void identify(IdentifyContext ctx) {
    ctx.component("tables").database().files(dir, "*", true);
  }

  @OnFreeze
  void freeze(FreezeContext ctx) {
    frozen.set(true);
  }

  @OnThaw
  void thaw(ThawContext ctx) {
    frozen.set(false);
  }
}
