package dev.quiesce.benchmarks.frozen;

import java.util.concurrent.atomic.AtomicLong;

/** The first Freeze entry and the last Thaw return of one backup, as the writers saw them. */
final class FreezeStamps {
  private final AtomicLong firstFreeze = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastThaw = new AtomicLong(Long.MIN_VALUE);

  void reset() {
    firstFreeze.set(Long.MAX_VALUE);
    lastThaw.set(Long.MIN_VALUE);
  }

  void frozeAt(long nanos) {
    firstFreeze.accumulateAndGet(nanos, Math::min);
  }

  void thawedAt(long nanos) {
    lastThaw.accumulateAndGet(nanos, Math::max);
  }

  long firstFreeze() {
    return firstFreeze.get();
  }

  long lastThaw() {
    return lastThaw.get();
  }

  /** Last Thaw return minus first Freeze entry. */
  long frozenNanos() {
    return lastThaw.get() - firstFreeze.get();
  }
}
