package dev.quiesce.examples.bank;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.ForwardingSnapshotProvider;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A provider that holds its first {@code take} until released (at most 60 s), so a test can act
 * while the database is frozen; later takes go straight through.
 */
final class HoldingProvider extends ForwardingSnapshotProvider {
  private final CountDownLatch taking = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  HoldingProvider(SnapshotProvider delegate) {
    super(delegate);
  }

  @Override
  public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
    if (taking.getCount() > 0) {
      taking.countDown();
      try {
        if (!released.await(60, TimeUnit.SECONDS)) {
          throw new IOException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    return super.take(id, paths);
  }

  boolean awaitTaking(long seconds) throws InterruptedException {
    return taking.await(seconds, TimeUnit.SECONDS);
  }

  void release() {
    released.countDown();
  }
}
