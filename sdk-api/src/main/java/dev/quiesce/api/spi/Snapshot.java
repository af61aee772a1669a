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

  /**
   * The regular files the provider found in the set but that were gone when it copied them (deleted
   * or renamed between its listing and its copy), sorted; they are not in the copy. Empty for a
   * provider that copies atomically (a volume snapshot).
   *
   * <p>Why the provider reports them rather than failing: it cannot know whether the file's owner
   * was frozen. For a copy made without quiescing, a file that vanishes is the normal life of a
   * live directory (tar and rsync record it and go on); for a writer that was frozen it means the
   * writer did not hold its files still. The coordinator, which knows who was frozen, decides (see
   * {@code QuiescePolicy}).
   */
  default List<Path> vanished() {
    return List.of();
  }

  /** Releases the copy (deletes shadow files, destroys volume snapshots). Idempotent. */
  @Override
  void close() throws IOException;
}
