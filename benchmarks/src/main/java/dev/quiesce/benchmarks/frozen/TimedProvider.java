package dev.quiesce.benchmarks.frozen;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.runtime.testing.PassThroughSnapshotProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The pass-through provider made to take {@code takeNanos} (parking, as a real provider waits on
 * the filesystem), timing its own {@code take} so the frozen-time measurement can subtract it.
 */
final class TimedProvider implements SnapshotProvider {
  private final SnapshotProvider delegate = new PassThroughSnapshotProvider();
  private final long takeNanos;
  private volatile long lastStart;
  private volatile long lastEnd;

  TimedProvider(long takeNanos) {
    this.takeNanos = takeNanos;
  }

  @Override
  public String name() {
    return "timed-pass-through";
  }

  @Override
  public Snapshot take(SnapshotSetId id, List<Path> paths) throws java.io.IOException {
    long start = System.nanoTime();
    park(takeNanos);
    Snapshot s = delegate.take(id, paths);
    lastEnd = System.nanoTime();
    lastStart = start;
    return s;
  }

  /** Parks the calling thread for {@code nanos}, as a provider waiting on the filesystem. */
  static void park(long nanos) {
    long end = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** When the latest {@code take} was entered ({@link System#nanoTime()}). */
  long lastStart() {
    return lastStart;
  }

  /** When the latest {@code take} returned. */
  long lastEnd() {
    return lastEnd;
  }
}
