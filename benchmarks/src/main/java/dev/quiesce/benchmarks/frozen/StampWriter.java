package dev.quiesce.benchmarks.frozen;

import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnIdentify;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;
import dev.quiesce.benchmarks.support.Backups;
import jakarta.inject.Inject;

/** A writer that notes when its Freeze starts and its Thaw ends, and does nothing else. */
@Writer(name = "bench-stamp")
public final class StampWriter {
  private final FreezeStamps stamps;

  @Inject
  StampWriter(FreezeStamps stamps) {
    this.stamps = stamps;
  }

  @OnIdentify
  void identify(IdentifyContext ctx) {
    ctx.component("data").files(Backups.PATH, "*", true);
  }

  @OnFreeze
  void freeze(FreezeContext ctx) {
    stamps.frozeAt(System.nanoTime());
  }

  @OnThaw
  void thaw(ThawContext ctx) {
    stamps.thawedAt(System.nanoTime());
  }
}
