package dev.quiesce.runtime.testing;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A provider for tests of a writer's events: it makes no copy, and returns a {@link Snapshot} whose
 * {@link Snapshot#pathOf} is the original path, so a test runs the whole sequence of events in
 * milliseconds over any path, even one that does not exist. What a requestor reads after Thaw is
 * then live data: never use it for a real backup (the default, {@link
 * dev.quiesce.runtime.snapshot.CopySnapshotProvider}, copies).
 */
@Singleton
public final class PassThroughSnapshotProvider implements SnapshotProvider {
  /** The provider's name in logs and manifests. */
  public static final String NAME = "pass-through";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Snapshot take(SnapshotSetId id, List<Path> paths) {
    return new PassThroughSnapshot(id, List.copyOf(paths));
  }

  private static final class PassThroughSnapshot implements Snapshot {
    private final SnapshotSetId id;
    private final List<Path> paths;
    private final AtomicBoolean closed = new AtomicBoolean();

    PassThroughSnapshot(SnapshotSetId id, List<Path> paths) {
      this.id = id;
      this.paths = paths;
    }

    @Override
    public SnapshotSetId id() {
      return id;
    }

    @Override
    public List<Path> paths() {
      return paths;
    }

    @Override
    public Path pathOf(Path original) {
      if (closed.get()) {
        throw new IllegalStateException("snapshot " + id + " was released");
      }
      Path p = original.toAbsolutePath().normalize();
      if (paths.stream().noneMatch(p::startsWith)) {
        throw new IllegalArgumentException(
            original + " is not in snapshot set " + id + " " + paths);
      }
      return p;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }
}
