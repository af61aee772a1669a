package dev.quiesce.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline watch: entries expire at (never before) their deadline, exactly once, unless
 * deregistered; an earlier deadline moves the wake; a failing action stops nothing; registering a
 * later deadline schedules nothing. Deadlines are tens of milliseconds; waits are bounded by
 * seconds, and no upper bound on lateness is asserted below that (the VM is noisy).
 */
class DeadlineWatchTest {
  private static final long AWAIT_SECONDS = 10;
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** The coordinator's timer executor, counting what is scheduled on it. */
  private static final class CountingTimers extends ScheduledThreadPoolExecutor {
    final AtomicInteger scheduled = new AtomicInteger();

    CountingTimers() {
      super(1);
      setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      scheduled.incrementAndGet();
      return super.schedule(command, delay, unit);
    }
  }

  private final CountingTimers timers = new CountingTimers();
  private final DeadlineWatch watch = new DeadlineWatch(timers);

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  /** Polls {@code condition} for up to {@link #AWAIT_SECONDS}. */
  private static boolean eventually(BooleanSupplier condition) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      LockSupport.parkNanos(MS);
    }
    return true;
  }

  @Test
  void expiresAnEntryAtItsDeadline() throws InterruptedException {
    AtomicLong firedAt = new AtomicLong();
    CountDownLatch fired = new CountDownLatch(1);
    long before = System.nanoTime();
    watch.register(
        30 * MS,
        () -> {
          firedAt.set(System.nanoTime());
          fired.countDown();
        });

    assertTrue(fired.await(AWAIT_SECONDS, TimeUnit.SECONDS), "the entry never expired");
    assertTrue(
        firedAt.get() - before >= 30 * MS,
        "expired " + (firedAt.get() - before) / 1e6 + " ms after registering; deadline 30 ms");
    assertEquals(0, watch.size(), "an expired entry stays watched");
    assertFalse(watch.armed(), "a wake stays armed with nothing left to watch");
  }

  @Test
  void neverExpiresADeregisteredEntry() throws InterruptedException {
    AtomicInteger deregisteredRuns = new AtomicInteger();
    // Far enough that a busy machine cannot let it expire between register and deregister.
    DeadlineWatch.Entry gone = watch.register(500 * MS, deregisteredRuns::incrementAndGet);
    watch.deregister(gone);
    CountDownLatch laterFired = new CountDownLatch(1);
    watch.register(600 * MS, laterFired::countDown);

    // the later entry expiring means a scan ran after the deregistered one's deadline
    assertTrue(laterFired.await(AWAIT_SECONDS, TimeUnit.SECONDS), "the later entry never expired");
    assertEquals(0, deregisteredRuns.get(), "a deregistered entry expired");
  }

  @Test
  void anEarlierDeadlineRegisteredAfterALaterOneFiresOnTime() throws InterruptedException {
    List<String> order = new ArrayList<>();
    CountDownLatch earlyFired = new CountDownLatch(1);
    AtomicLong earlyAt = new AtomicLong();
    DeadlineWatch.Entry late =
        watch.register(
            TimeUnit.SECONDS.toNanos(60),
            () -> {
              synchronized (order) {
                order.add("late");
              }
            });
    long before = System.nanoTime();
    watch.register(
        30 * MS,
        () -> {
          earlyAt.set(System.nanoTime());
          synchronized (order) {
            order.add("early");
          }
          earlyFired.countDown();
        });

    // were the wake left at the later deadline, this would wait for the whole bound and fail
    assertTrue(
        earlyFired.await(AWAIT_SECONDS, TimeUnit.SECONDS),
        "the earlier deadline waited for the later one");
    assertTrue(earlyAt.get() - before >= 30 * MS, "expired before its deadline");
    synchronized (order) {
      assertEquals(List.of("early"), order);
    }
    assertEquals(1, watch.size(), "the later entry is still watched");
    // the scan re-arms for the later entry after it ran the early one's action
    assertTrue(eventually(watch::armed), "no wake armed for the later entry");
    watch.deregister(late);
  }

  @Test
  void concurrentRegistersAllExpireExactlyOnceAndNeverEarly() throws Exception {
    int threads = 4;
    int perThread = 500;
    int total = threads * perThread;
    AtomicInteger[] runs = new AtomicInteger[total];
    AtomicInteger early = new AtomicInteger();
    AtomicInteger deregisteredRuns = new AtomicInteger();
    CountDownLatch allFired = new CountDownLatch(total);
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<DeadlineWatch.Entry>>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * perThread;
        work.add(
            pool.submit(
                () -> {
                  List<DeadlineWatch.Entry> kept = new ArrayList<>();
                  start.await(AWAIT_SECONDS, TimeUnit.SECONDS);
                  for (int i = first; i < first + perThread; i++) {
                    AtomicInteger mine = runs[i] = new AtomicInteger();
                    long timeout = ThreadLocalRandom.current().nextLong(0, 50 * MS);
                    long before = System.nanoTime();
                    watch.register(
                        timeout,
                        () -> {
                          if (System.nanoTime() - before < timeout) {
                            early.incrementAndGet();
                          }
                          mine.incrementAndGet();
                          allFired.countDown();
                        });
                    // a long one now and then, deregistered at the end, must never run
                    if (i % 10 == 0) {
                      kept.add(
                          watch.register(
                              TimeUnit.MINUTES.toNanos(10), deregisteredRuns::incrementAndGet));
                    }
                  }
                  return kept;
                }));
      }
      List<DeadlineWatch.Entry> longOnes = new ArrayList<>();
      for (Future<List<DeadlineWatch.Entry>> w : work) {
        longOnes.addAll(w.get(AWAIT_SECONDS, TimeUnit.SECONDS));
      }
      assertTrue(
          allFired.await(AWAIT_SECONDS, TimeUnit.SECONDS),
          allFired.getCount() + " of " + total + " entries never expired");

      // one more scan after all that: a double expiry would have happened by its end
      CountDownLatch sentinel = new CountDownLatch(1);
      watch.register(20 * MS, sentinel::countDown);
      assertTrue(sentinel.await(AWAIT_SECONDS, TimeUnit.SECONDS), "the sentinel never expired");

      for (int i = 0; i < total; i++) {
        assertEquals(1, runs[i].get(), "entry " + i + " expired " + runs[i].get() + " times");
      }
      assertEquals(0, early.get(), "entries expired before their deadline");
      assertEquals(longOnes.size(), watch.size(), "only the long entries are left");
      longOnes.forEach(watch::deregister);
      assertEquals(0, watch.size());
      assertEquals(0, deregisteredRuns.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anExpiryActionThatThrowsDoesNotStopTheOthers() throws InterruptedException {
    int each = 5;
    CountDownLatch fired = new CountDownLatch(2 * each);
    AtomicInteger thrown = new AtomicInteger();
    for (int i = 0; i < each; i++) {
      watch.register(
          20 * MS,
          () -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("an expiry action failing on purpose (test)");
          });
      watch.register(20 * MS, fired::countDown);
    }
    for (int i = 0; i < each; i++) {
      watch.register(40 * MS, fired::countDown); // needs a re-arm after the failing scan
    }

    assertTrue(
        fired.await(AWAIT_SECONDS, TimeUnit.SECONDS),
        fired.getCount() + " entries never expired after an action threw");
    assertEquals(each, thrown.get());
    assertEquals(0, watch.size());
  }

  @Test
  void aLaterDeadlineSchedulesNothing() {
    List<DeadlineWatch.Entry> entries = new ArrayList<>();
    entries.add(watch.register(TimeUnit.SECONDS.toNanos(60), () -> {}));
    assertEquals(1, timers.scheduled.get(), "the first deadline arms one wake");

    for (int i = 0; i < 100; i++) {
      entries.add(watch.register(TimeUnit.SECONDS.toNanos(60), () -> {}));
    }
    entries.forEach(watch::deregister);
    assertEquals(1, timers.scheduled.get(), "later deadlines scheduled wakes");

    entries.add(watch.register(TimeUnit.SECONDS.toNanos(30), () -> {}));
    assertEquals(2, timers.scheduled.get(), "an earlier deadline did not move the wake");
    assertEquals(1, timers.getQueue().size(), "more than one wake pending");
    entries.forEach(watch::deregister);
  }
}
