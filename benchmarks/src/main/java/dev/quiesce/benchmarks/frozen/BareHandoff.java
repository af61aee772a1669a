package dev.quiesce.benchmarks.frozen;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under the frozen-time overhead: the thread handoffs a snapshot set cannot avoid, with
 * no coordinator. Fans {@code tasks} no-op tasks out on a cached pool and joins them all (the
 * Freeze fan-out), then hands a task that parks for the provider's time to a second cached pool and
 * joins it (the provider's handoff). Its sample is what the coordinator's overhead is compared
 * with: first task start to provider task start, plus provider end to the joining thread seeing it.
 * What this costs is the machine's (waking parked threads on idle CPUs), not Quiesce's. It has no
 * Thaw fan-out, which the coordinator's overhead includes, so it is a floor and not an equivalent.
 */
final class BareHandoff implements AutoCloseable {
  private final ExecutorService fanOut = Executors.newCachedThreadPool(daemons("floor-task-"));
  private final ExecutorService provider =
      Executors.newCachedThreadPool(daemons("floor-provider-"));
  private final int tasks;
  private final long takeNanos;

  BareHandoff(int tasks, long takeNanos) {
    this.tasks = tasks;
    this.takeNanos = takeNanos;
  }

  /** One fan-out and one provider handoff; returns the handoffs' nanoseconds. */
  long once() {
    AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    CompletableFuture<?>[] fanned = new CompletableFuture<?>[tasks];
    for (int i = 0; i < tasks; i++) {
      fanned[i] =
          CompletableFuture.runAsync(
              () -> firstStart.accumulateAndGet(System.nanoTime(), Math::min), fanOut);
    }
    CompletableFuture.allOf(fanned).join();
    long[] take = new long[2];
    CompletableFuture.runAsync(
            () -> {
              take[0] = System.nanoTime();
              TimedProvider.park(takeNanos);
              take[1] = System.nanoTime();
            },
            provider)
        .join();
    long seen = System.nanoTime();
    return (take[0] - firstStart.get()) + (seen - take[1]);
  }

  @Override
  public void close() {
    fanOut.shutdownNow();
    provider.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
