package dev.quiesce.runtime.daemon;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounded polling, for what the daemon does on its own threads: a connection dropped, a session
 * ended, threads gone. Unlike the test kit's {@code GcPoll}, it collects no garbage: none of these
 * waits on a collection, and a {@code System.gc()} per round would only slow them and hide a test
 * that came to depend on one.
 */
final class Poll {
  /** Short against the waits (a tenth of a second and up), long enough to leave a core alone. */
  private static final long INTERVAL_MILLIS = 20;

  private Poll() {}

  /**
   * Waits until {@code condition} holds.
   *
   * @throws AssertionError if it does not hold within {@code timeout}
   */
  static void until(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    if (!holdsWithin(timeout, condition)) {
      throw new AssertionError(what + " did not happen within " + timeout);
    }
  }

  /** Whether the condition holds within the time: for what must not happen, a bounded look. */
  static boolean holdsWithin(Duration time, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + time.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS);
    }
    return condition.getAsBoolean();
  }
}
