package dev.quiesce.runtime.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
 *
 * <h2>The thaw and the expiry are one step</h2>
 *
 * The watchdog thaws under the session's monitor and completes {@link #expired()} before it lets go
 * of that monitor. Whoever sees a writer thawed by it (that is read under the same monitor) also
 * sees the window expired, and so goes on crash-consistent or fails as the policy says. Completing
 * {@link #expired()} after the monitor was released left a gap: when a hung writer's Freeze timed
 * out at its window (the lane's deadline) just before the watchdog fired, the requestor found that
 * writer thawed already (so it did not expire the window itself) while the window did not look
 * expired yet; it went on to the provider's take as if the window were open, and the late expiry
 * then cut that take short ("did not finish within the freeze window") under {@link
 * dev.quiesce.runtime.QuiescePolicy#CONTINUE_CRASH_CONSISTENT}, or, when the take won, PostSnapshot
 * went to a writer whose level had never been frozen.
 */
final class FreezeWindow {
  /**
   * What the watchdog acts on: the session. Its own monitor guards who is frozen and who was sent
   * Thaw; the window calls its expiry actions holding it.
   */
  interface Owner {
    /**
     * {@code p}'s window of {@code windowMillis} ended before its Thaw: fails it and thaws every
     * frozen writer.
     *
     * @return false if {@code p} had been sent Thaw already (by the watchdog, an abort, the end)
     */
    boolean freezeWindowExpired(Participant p, long windowMillis);

    /**
     * The set's own window of {@code windowMillis} ended: fails every frozen writer and thaws them.
     *
     * @return false if the window had closed already (everything thawed in time) or the session
     *     ended
     */
    boolean setWindowExpired(long windowMillis);

    /** How long {@code p}'s Freeze handler may run before it counts as timed out. */
    Duration freezeTimeout(Participant p);
  }

  private final Owner session;
  private final ScheduledExecutorService timers;
  private final CompletableFuture<Void> expired = new CompletableFuture<>();
  private final List<ScheduledFuture<?>> armed = new ArrayList<>();
  private volatile Instant deadline = Instant.MAX;
  private volatile boolean setExpired;
  private boolean disarmed;

  FreezeWindow(Owner session, ScheduledExecutorService timers) {
    this.session = session;
    this.timers = timers;
  }

  /** Opens {@code p}'s window; call right after its Freeze was queued. */
  synchronized void arm(Participant p) {
    long millis = p.writer().descriptor().freezeTimeoutMillis();
    schedule(millis, () -> expire(() -> session.freezeWindowExpired(p, millis)));
  }

  /** Opens the set's own window of {@code window}; call at the member's first Freeze. */
  synchronized void armSet(Duration window) {
    long millis = Math.max(1, window.toMillis());
    schedule(
        millis,
        () ->
            expire(
                () -> {
                  setExpired = true; // before the thaw, so no step sees the thaw without the cause
                  return session.setWindowExpired(millis);
                }));
  }

  /**
   * Runs an expiry action of the session and, if it thawed, completes {@link #expired()}: both
   * under the session's monitor, so nobody sees the thaw without the expiry (see the class
   * comment). Never under this window's own monitor, which the session takes while it holds its
   * own.
   */
  private void expire(BooleanSupplier thawed) {
    synchronized (session) {
      if (thawed.getAsBoolean()) {
        expired.complete(null);
      }
    }
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
          boolean windowBound = session.freezeTimeout(p).toMillis() == millis;
          if (outcome.kind() == EventOutcome.Kind.TIMED_OUT && windowBound) {
            // false when the watchdog thawed it first, and then it completed expired already
            expire(() -> session.freezeWindowExpired(p, millis));
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
