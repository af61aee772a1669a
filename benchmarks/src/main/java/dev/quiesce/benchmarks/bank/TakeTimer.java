package dev.quiesce.benchmarks.bank;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.ForwardingSnapshotProvider;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A provider that times its delegate's {@code take}: the part of the write-blocked window that is
 * the snapshot itself, the rest being the writers' freeze and thaw (Derby's freeze checkpoints) and
 * the coordinator. Everything else, the snapshot it returns included, is the delegate's.
 */
final class TakeTimer extends ForwardingSnapshotProvider {
  private volatile long lastTakeNanos;

  TakeTimer(SnapshotProvider delegate) {
    super(delegate);
  }

  /** How long the last {@code take} took, in milliseconds. */
  double lastTakeMillis() {
    return lastTakeNanos / 1e6;
  }

  @Override
  public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
    long start = System.nanoTime();
    try {
      return super.take(id, paths);
    } finally {
      lastTakeNanos = System.nanoTime() - start;
    }
  }
}
