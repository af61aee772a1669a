package dev.quiesce.runtime.internal;

import dev.quiesce.api.WriterEvent;
import java.time.Duration;
import java.time.Instant;
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
 * handler, a hung provider nor an absent requestor can hold it) and {@link #expired()} completes,
 * which makes a waiting step give up promptly.
 *
 * <p>A set that spans several coordinators also has a window of its own, opened by the member's
 * first Freeze ({@link #armSet}): when it ends, every frozen writer is thawed the same way and the
 * set is {@linkplain #setExpired() broken} whatever the policy, since the member's copy is no
 * longer taken at the same moment as the others'.
 */
final class FreezeWindow {
  private final BackupSessionCore session;
  private final ScheduledExecutorService timers;
  private final CompletableFuture<Void> expired = new CompletableFuture<>();
  private final List<ScheduledFuture<?>> armed = new ArrayList<>();
  private volatile Instant deadline = Instant.MAX;
  private volatile boolean setExpired;
  private boolean disarmed;

  FreezeWindow(BackupSessionCore session, ScheduledExecutorService timers) {
    this.session = session;
    this.timers = timers;
  }

  /** Opens {@code p}'s window; call right after its Freeze was queued. */
  synchronized void arm(Participant p) {
    long millis = p.writer().descriptor().freezeTimeoutMillis();
    schedule(
        millis,
        () -> {
          if (session.freezeWindowExpired(p, millis)) {
            expired.complete(null);
          }
        });
  }

  /** Opens the set's own window of {@code window}; call at the member's first Freeze. */
  synchronized void armSet(Duration window) {
    long millis = Math.max(1, window.toMillis());
    schedule(
        millis,
        () -> {
          setExpired = true; // before the thaw, so no step sees the thaw without the cause
          if (session.setWindowExpired(millis)) {
            expired.complete(null);
          }
        });
  }

  private void schedule(long millis, Runnable onExpiry) {
    if (disarmed) {
      return;
    }
    Instant due = Instant.now().plusMillis(millis);
    if (due.isBefore(deadline)) {
      deadline = due;
    }
    armed.add(timers.schedule(onExpiry, millis, TimeUnit.MILLISECONDS));
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

  /** Whether the set's own window (not only a writer's) ended before every writer was thawed. */
  boolean setExpired() {
    return setExpired;
  }

  /** The earliest end of any window opened so far; {@link Instant#MAX} before the first. */
  Instant deadline() {
    return deadline;
  }

  synchronized boolean isDisarmed() {
    return disarmed;
  }

  /** Closes the window: every writer was thawed. Nothing is armed after. */
  synchronized void disarm() {
    disarmed = true;
    armed.forEach(f -> f.cancel(false));
    armed.clear();
  }
}
