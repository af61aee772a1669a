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

/** A FRONT_END writer: a write-back cache in front of the tables, flushed and held in Freeze. */
@Writer(name = "cache", level = ApplicationLevel.FRONT_END, freezeTimeoutMillis = 60_000)
public final class CacheWriter {
  final Path dir;
  final AtomicBoolean frozen = new AtomicBoolean();

  @Inject
  CacheWriter(Path dir) {
    this.dir = dir;
  }

  @OnIdentify
  void identify(IdentifyContext ctx) {
    ctx.component("spill").files(dir, "*", true);
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
