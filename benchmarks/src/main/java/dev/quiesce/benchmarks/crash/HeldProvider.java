package dev.quiesce.benchmarks.crash;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.runtime.testing.PassThroughSnapshotProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pass-through provider whose {@code take} holds until the round releases it (at most a minute),
 * so the writers are frozen, and the child requestor is blocked inside {@code doSnapshotSet}, when
 * the child is killed: the worst moment for a requestor to die.
 */
public final class HeldProvider implements SnapshotProvider {
  private final SnapshotProvider delegate = new PassThroughSnapshotProvider();
  private final Rounds rounds;

  /** A provider whose takes the current one of {@code rounds} holds and releases. */
  public HeldProvider(Rounds rounds) {
    this.rounds = rounds;
  }

  @Override
  public String name() {
    return "held-pass-through";
  }

  @Override
  public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
    Round round = rounds.current();
    round.taking().countDown();
    try {
      if (!round.released().await(1, TimeUnit.MINUTES)) {
        throw new IOException("the held take was never released");
      }
      return delegate.take(id, paths);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while held", e);
    } finally {
      round.returned().countDown();
    }
  }
}
