package dev.quiesce.benchmarks.dispatch;

import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;

/** A writer whose Freeze handler has the realistic shape: its context and a session state. */
@Writer(name = "bench-dispatch")
public final class DispatchWriter {
  long frozen;

  /** The handler every variant of the benchmark calls. */
  @OnFreeze
  public void freeze(FreezeContext ctx, HeldWrites held) {
    held.holds++;
    held.lastSession = ctx.sessionId();
    frozen++;
  }

  @OnThaw
  void thaw(ThawContext ctx, HeldWrites held) {
    held.holds--;
  }
}
