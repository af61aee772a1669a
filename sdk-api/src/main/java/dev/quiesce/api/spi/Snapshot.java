package dev.quiesce.api.spi;

import dev.quiesce.api.SnapshotSetId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A point-in-time copy of a set of paths, made by a {@link SnapshotProvider} while the writers were
 * frozen. The requestor reads the backup from it after Thaw, while the applications run on; closing
 * it releases the copy.
 */
public interface Snapshot extends AutoCloseable {
  /** The snapshot set this copy belongs to. */
  SnapshotSetId id();

  /** The original paths the copy covers. */
  List<Path> paths();

  /**
   * Where the copy of {@code original} can be read.
   *
   * @param original one of {@link #paths()}, or a path inside one
   * @throws IllegalArgumentException if {@code original} is outside every path of the set
   */
  Path pathOf(Path original);

  /** Releases the copy (deletes shadow files, destroys volume snapshots). Idempotent. */
  @Override
  void close() throws IOException;
}
