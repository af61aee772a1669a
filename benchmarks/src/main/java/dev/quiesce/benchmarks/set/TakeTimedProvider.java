package dev.quiesce.benchmarks.set;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.runtime.testing.PassThroughSnapshotProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A member's provider: the pass-through one made to take {@code takeNanos} (parking, as a real one
 * waits on the file system), telling the set's stamps how long it took.
 */
final class TakeTimedProvider implements SnapshotProvider {
  private final SnapshotProvider delegate = new PassThroughSnapshotProvider();
  private final long takeNanos;
  private final SetStamps stamps;

  TakeTimedProvider(long takeNanos, SetStamps stamps) {
    this.takeNanos = takeNanos;
    this.stamps = stamps;
  }

  @Override
  public String name() {
    return "timed-pass-through";
  }

  @Override
  public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
    long start = System.nanoTime();
    long end = start + takeNanos;
    for (long left = takeNanos; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    Snapshot s = delegate.take(id, paths);
    stamps.took(System.nanoTime() - start);
    return s;
  }
}
