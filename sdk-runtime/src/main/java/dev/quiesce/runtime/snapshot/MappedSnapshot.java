package dev.quiesce.runtime.snapshot;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A snapshot whose copy is reached by re-rooting: each original directory (or file) maps to a copy
 * root, and a path inside it maps to the same relative path under that root. Shared by every
 * provider; they differ in how the copy is made and released.
 */
final class MappedSnapshot implements Snapshot {
  /** Where the copy of {@code original} (and of everything under it) lives. */
  record Mapping(Path original, Path copy) {}

  /** Releases the copy; called once, by the first {@link #close()}. */
  interface Releaser {
    void release() throws IOException;
  }

  private final SnapshotSetId id;
  private final List<Path> paths;
  private final List<Mapping> mappings;
  private final Releaser releaser;
  private final boolean clonable;
  private final AtomicBoolean closed = new AtomicBoolean();

  MappedSnapshot(SnapshotSetId id, List<Path> paths, List<Mapping> mappings, Releaser releaser) {
    this(id, paths, mappings, releaser, false);
  }

  /** A snapshot whose files can be cloned on their filesystem, if {@code clonable}. */
  MappedSnapshot(
      SnapshotSetId id,
      List<Path> paths,
      List<Mapping> mappings,
      Releaser releaser,
      boolean clonable) {
    this.id = Objects.requireNonNull(id, "id");
    this.paths = List.copyOf(paths);
    // Longest original first, so a nested path maps through its most specific mapping.
    this.mappings =
        mappings.stream()
            .sorted(Comparator.comparingInt((Mapping m) -> m.original().getNameCount()).reversed())
            .toList();
    this.releaser = Objects.requireNonNull(releaser, "releaser");
    this.clonable = clonable;
  }

  @Override
  public boolean clonable() {
    return clonable;
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
      throw new IllegalStateException(
          "snapshot set " + id + " is closed: its copy was released; take a new snapshot");
    }
    Path absolute = original.toAbsolutePath().normalize();
    for (Mapping mapping : mappings) {
      if (absolute.startsWith(mapping.original())) {
        return mapping.copy().resolve(mapping.original().relativize(absolute).toString());
      }
    }
    throw new IllegalArgumentException(
        absolute + " is outside snapshot set " + id + ", which covers " + paths);
  }

  @Override
  public void close() throws IOException {
    if (closed.compareAndSet(false, true)) {
      releaser.release();
    }
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    return closed.get();
  }
}
