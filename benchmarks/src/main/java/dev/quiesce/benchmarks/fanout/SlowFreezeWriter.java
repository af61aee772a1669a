package dev.quiesce.benchmarks.fanout;

import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnIdentify;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.ThawContext;
import dev.quiesce.benchmarks.support.Backups;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A writer whose Freeze takes {@link #FREEZE_MILLIS} (it parks, as if flushing to disk). */
@dev.quiesce.api.Writer(name = "bench-slow-freeze")
public final class SlowFreezeWriter {
  /** How long each Freeze takes. */
  public static final long FREEZE_MILLIS = 100;

  @OnIdentify
  void identify(IdentifyContext ctx) {
    ctx.component("data").files(Backups.PATH, "*", true);
  }

  @OnFreeze
  void freeze(FreezeContext ctx) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FREEZE_MILLIS);
    for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  @OnThaw
  void thaw(ThawContext ctx) {}
}
