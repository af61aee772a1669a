package dev.quiesce.runtime.internal;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The default provider until the copying provider exists: it records the snapshot set's paths and
 * returns a {@link Snapshot} whose {@link Snapshot#pathOf} is the original path. It makes no copy,
 * so what a requestor reads after Thaw is live data; it exists so the coordinator works with no
 * configuration and so the sequence of events can be tested. The copying provider (package {@code
 * dev.quiesce.runtime.snapshot}) replaces it as the default.
 */
@Singleton
final class PassThroughSnapshotProvider implements SnapshotProvider {
  @Override
  public String name() {
    return "pass-through";
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
        throw new IllegalArgumentException(original + " is not in snapshot set " + id + " " + paths);
      }
      return p;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }
}
