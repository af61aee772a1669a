package dev.quiesce.runtime.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One freeze window at a time per coordinator (VSS: one snapshot creation at a time per machine,
 * {@code VSS_E_SNAPSHOT_SET_IN_PROGRESS}). Unlike VSS, a second session waits for the first window
 * to close instead of failing at once, but only for a bounded time, and stops waiting if it is
 * aborted meanwhile. Fair, so sessions get their windows in the order they asked.
 */
final class FreezeWindowLock {
  private static final long SLICE_MILLIS = 50;

  private final Semaphore permit = new Semaphore(1, true);

  /**
   * Takes the window, waiting at most {@code wait}.
   *
   * @return whether it was taken; false on timeout or when {@code cancel} completed
   */
  boolean acquire(Duration wait, CompletableFuture<?> cancel) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!cancel.isDone()) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      if (permit.tryAcquire(Math.min(left, SLICE_MILLIS), TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }

  void release() {
    permit.release();
  }
}
