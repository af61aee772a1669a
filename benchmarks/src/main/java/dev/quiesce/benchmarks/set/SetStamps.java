package dev.quiesce.benchmarks.set;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The first Freeze entry and the last Thaw return of one snapshot set across all its members, as
 * their writers saw them, and the longest provider snapshot of the set.
 */
final class SetStamps {
  private final AtomicLong firstFreeze = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastThaw = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong longestTake = new AtomicLong();

  void reset() {
    firstFreeze.set(Long.MAX_VALUE);
    lastThaw.set(Long.MIN_VALUE);
    longestTake.set(0);
  }

  void frozeAt(long nanos) {
    firstFreeze.accumulateAndGet(nanos, Math::min);
  }

  void thawedAt(long nanos) {
    lastThaw.accumulateAndGet(nanos, Math::max);
  }

  void took(long nanos) {
    longestTake.accumulateAndGet(nanos, Math::max);
  }

  /** Last Thaw return minus first Freeze entry, across every member. */
  long frozenNanos() {
    return lastThaw.get() - firstFreeze.get();
  }

  /** The slowest member's own snapshot. */
  long longestTakeNanos() {
    return longestTake.get();
  }
}
