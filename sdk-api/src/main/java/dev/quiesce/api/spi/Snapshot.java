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

  /**
   * Whether the files {@link #pathOf} hands out are copies that nothing will ever write: regular
   * files made for this snapshot, or hard links to an earlier snapshot's copies that the provider
   * proved unchanged, and that {@link #close()} only unlinks (or keeps, never to be written, for a
   * later snapshot to link from). A requestor may then hard-link them into its archive instead of
   * copying them again, so that a backup through a copying provider writes the data once, not twice
   * (the copy provider's shadow copy becomes the archive's data when both are on one filesystem).
   *
   * <p>A provider returns {@code true} only if it keeps that promise for the snapshot's whole life
   * and after: a provider that patches its copies for a later snapshot set would then change an
   * archive already written. A volume snapshot (btrfs, LVM, ZFS) is read-only and shared with its
   * volume, and a provider that hands out the live files hands out nobody's copies: both keep the
   * default, {@code false}.
   */
  default boolean privateCopies() {
    return false;
  }

  /**
   * Whether the files {@link #pathOf} hands out are on a filesystem that can clone them (a reflink:
   * a new file sharing their blocks) into another directory of the same filesystem, as a btrfs
   * snapshot's files can. A requestor whose archive is on that filesystem may then clone them
   * instead of copying them: the archive writes none of the data, and the snapshot staying
   * read-only, the clone holds exactly the snapshot's bytes. A requestor tries and copies where a
   * clone fails; {@code true} only saves it trying where no clone can work. The default, {@code
   * false}, never has it try.
   */
  default boolean clonable() {
    return false;
  }

  /** Releases the copy (deletes shadow files, destroys volume snapshots). Idempotent. */
  @Override
  void close() throws IOException;
}
