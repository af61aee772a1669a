package dev.quiesce.runtime.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of every in-flight writer event of one coordinator, enforced by one wake on the
 * timer thread instead of one scheduled task per event.
 *
 * <p>Why: scheduling and cancelling a task per event on the {@link
 * java.util.concurrent.ScheduledThreadPoolExecutor} made every lane thread take that executor's
 * lock (contended when ten writers freeze at once) and often wake the timer thread, twice per
 * event: about a quarter of the time writers stayed frozen beyond the snapshot itself, and of the
 * cost of every event. Here registering and deregistering a deadline is an add to and a remove from
 * a concurrent set, with no lock and no wakeup, as long as the deadline is not earlier than the
 * wake already armed. Deadlines are long (seconds to minutes) and handlers short, so nearly every
 * entry is deregistered long before the wake, which then finds nothing due and arms itself at the
 * earliest deadline left, if any.
 *
 * <p>Only a deadline earlier than the armed wake (or the first one when nothing is armed) takes the
 * lock and moves the wake. A wake marks nothing armed under that lock before it scans, so an entry
 * registered during the scan either is seen by the scan or sees nothing armed and arms a wake
 * itself; a wake that fires for nothing (a stale or superseded one) just rescans. When no entry is
 * left, nothing is scheduled beyond the one wake already pending, and the timer thread may die when
 * idle.
 *
 * <p>Expiry actions run on the timer thread, one after the other: they must be short and must never
 * run writer code. One that throws is logged and the scan goes on.
 */
final class DeadlineWatch {
  private static final Logger LOG = LoggerFactory.getLogger(DeadlineWatch.class);

  /** {@link #armedAt} when no wake is pending. Times are nanoseconds since {@link #origin}. */
  private static final long UNARMED = Long.MAX_VALUE;

  /** One watched deadline: hand it back to {@link #deregister} when its event is over. */
  static final class Entry {
    private final long due;
    private final Runnable onExpiry;

    private Entry(long due, Runnable onExpiry) {
      this.due = due;
      this.onExpiry = onExpiry;
    }
  }

  private final ScheduledExecutorService timers;

  /** Times are kept relative to this, so they are never negative and never wrap. */
  private final long origin = System.nanoTime();

  private final Set<Entry> entries = ConcurrentHashMap.newKeySet();
  private final Object armLock = new Object();

  /** When the pending wake fires; {@link #UNARMED} if none. Lowered and reset under armLock. */
  private volatile long armedAt = UNARMED;

  /** The pending wake, or the last one (cancelling one that ran is a no-op); under armLock. */
  private ScheduledFuture<?> wake;

  DeadlineWatch(ScheduledExecutorService timers) {
    this.timers = timers;
  }

  /**
   * Runs {@code onExpiry} on the timer thread once {@code timeoutNanos} have passed, unless the
   * returned entry is {@linkplain #deregister deregistered} first. Never early; late by the timer
   * thread's latency.
   */
  Entry register(long timeoutNanos, Runnable onExpiry) {
    long now = now();
    long due = timeoutNanos < UNARMED - 1 - now ? now + Math.max(0, timeoutNanos) : UNARMED - 1;
    Entry entry = new Entry(due, onExpiry);
    entries.add(entry);
    if (due < armedAt) {
      arm(due);
    }
    return entry;
  }

  /** Stops watching {@code entry}: its expiry action will not run unless it is already running. */
  void deregister(Entry entry) {
    entries.remove(entry);
  }

  /** How many entries are watched; for tests. */
  int size() {
    return entries.size();
  }

  /** Whether a wake is pending; for tests. */
  boolean armed() {
    return armedAt != UNARMED;
  }

  private void arm(long due) {
    synchronized (armLock) {
      if (due >= armedAt) {
        return; // someone armed an earlier wake meanwhile
      }
      ScheduledFuture<?> next = timers.schedule(this::scan, due - now(), TimeUnit.NANOSECONDS);
      if (wake != null) {
        wake.cancel(false);
      }
      wake = next;
      armedAt = due;
    }
  }

  private void scan() {
    synchronized (armLock) {
      armedAt = UNARMED; // from here on, a register arms its own wake
    }
    long now = now();
    long earliest = UNARMED;
    for (Entry e : entries) {
      if (e.due > now) {
        earliest = Math.min(earliest, e.due);
      } else if (entries.remove(e)) {
        expire(e);
      }
    }
    if (earliest != UNARMED) {
      arm(earliest);
    }
  }

  private static void expire(Entry e) {
    try {
      e.onExpiry.run();
    } catch (Throwable t) {
      // whatever one action does, the other deadlines must still be enforced
      LOG.error("a deadline's expiry action failed: {}", t.toString(), t);
    }
  }

  private long now() {
    return System.nanoTime() - origin;
  }
}
