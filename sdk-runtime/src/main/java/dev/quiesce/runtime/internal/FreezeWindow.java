package dev.quiesce.runtime.internal;

import dev.quiesce.api.WriterEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The watchdog of one snapshot set's freeze window. Each writer's window opens when its Freeze is
 * sent and lasts its {@code freezeTimeoutMillis}; when one expires before that writer's Thaw was
 * sent, the session thaws every frozen writer at once (from the timer thread, so neither a hung
 * handler nor a hung provider can hold it) and {@link #expired()} completes, which makes the
 * waiting {@code doSnapshotSet} give up promptly.
 */
final class FreezeWindow {
  private final BackupSessionCore session;
  private final ScheduledExecutorService timers;
  private final CompletableFuture<Void> expired = new CompletableFuture<>();
  private final List<ScheduledFuture<?>> armed = new ArrayList<>();

  FreezeWindow(BackupSessionCore session, ScheduledExecutorService timers) {
    this.session = session;
    this.timers = timers;
  }

  /** Opens {@code p}'s window; call right after its Freeze was queued. */
  synchronized void arm(Participant p) {
    long millis = p.writer().descriptor().freezeTimeoutMillis();
    armed.add(
        timers.schedule(
            () -> {
              if (session.freezeWindowExpired(p, millis)) {
                expired.complete(null);
              }
            },
            millis,
            TimeUnit.MILLISECONDS));
  }

  /**
   * Expires the window of each writer whose Freeze timed out at the deadline its window set. Such a
   * Freeze did not return within the window: that is the window expiring, whichever of the two
   * timers (the handler's deadline, the watchdog) happened to fire first, so the backup takes the
   * same path either way.
   */
  void expireWhereFreezeOutlivedItsWindow(Map<Participant, EventOutcome> outcomes) {
    outcomes.forEach(
        (p, outcome) -> {
          long millis = p.writer().descriptor().freezeTimeoutMillis();
          boolean windowBound = session.timeout(p, WriterEvent.FREEZE).toMillis() == millis;
          if (outcome.kind() == EventOutcome.Kind.TIMED_OUT
              && windowBound
              && session.freezeWindowExpired(p, millis)) {
            expired.complete(null);
          }
        });
  }

  CompletableFuture<Void> expired() {
    return expired;
  }

  boolean isExpired() {
    return expired.isDone();
  }

  /** Closes the window: every writer was thawed. */
  synchronized void disarm() {
    armed.forEach(f -> f.cancel(false));
    armed.clear();
  }
}
