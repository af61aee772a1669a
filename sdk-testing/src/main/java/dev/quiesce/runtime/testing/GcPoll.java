package dev.quiesce.runtime.testing;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Runs the garbage collector until a condition holds, within a bound: how a test waits for a
 * dropped session to be collected and cleaned. Each round waits for a fresh canary to be enqueued
 * (proof a collection ran), never for a fixed time.
 */
public final class GcPoll {
  private GcPoll() {}

  /**
   * Collects garbage until {@code condition} holds.
   *
   * @throws AssertionError if it does not hold within {@code timeout}
   */
  public static void until(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            what + " did not happen within " + timeout + " of garbage collection");
      }
      ReferenceQueue<Object> queue = new ReferenceQueue<>();
      WeakReference<Object> canary = new WeakReference<>(new Object(), queue);
      System.gc();
      queue.remove(100);
      Reference.reachabilityFence(canary);
    }
  }

  /** Collects garbage until every reference is cleared. */
  public static void untilCleared(
      Iterable<? extends Reference<?>> references, Duration timeout, String what)
      throws InterruptedException {
    until(
        () -> {
          for (Reference<?> r : references) {
            if (r.get() != null) {
              return false;
            }
          }
          return true;
        },
        timeout,
        what);
  }
}
