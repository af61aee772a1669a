package dev.quiesce.benchmarks.crash;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits that name the child involved: when a round fails, its log is the first thing to
 * read, so every failure carries it.
 */
public final class Waits {
  /** How long anything after a kill may take; the requestor timeout (a minute) is far longer. */
  public static final Duration AWAIT = Duration.ofSeconds(10);

  private Waits() {}

  public static void await(CountDownLatch latch, Duration timeout, ChildJvm child, String what)
      throws InterruptedException {
    if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(child.failure(what + " within " + timeout));
    }
  }

  /**
   * Polls every millisecond for at most {@link #AWAIT}, for what offers no signal to wait on (the
   * coordinator's open sessions, the daemon's connections).
   */
  public static void until(BooleanSupplier condition, ChildJvm child, String what) {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(child.failure("waited in vain for " + what));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
