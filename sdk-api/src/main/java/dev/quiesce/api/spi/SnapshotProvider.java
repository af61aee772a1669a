package dev.quiesce.api.spi;

import dev.quiesce.api.SnapshotSetId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the point-in-time copy of a snapshot set: a copy of the files, a btrfs, LVM or ZFS
 * snapshot. VSS's provider role.
 *
 * <p>The coordinator calls {@link #check} before any writer is frozen, so a path the provider
 * cannot snapshot fails the backup without freezing anything, and calls {@link #take} inside the
 * freeze window, once every writer is frozen. {@code take} should therefore be as quick as the
 * provider can make it; the writers stay frozen until it returns, and are thawed regardless if it
 * overruns their window.
 */
public interface SnapshotProvider {
  /** A short name for logs and backup manifests, such as {@code "copy"} or {@code "btrfs"}. */
  String name();

  /**
   * Verifies, before anything is frozen, that this provider can snapshot {@code paths}.
   *
   * @throws IOException saying which path cannot be snapshot and why
   */
  default void check(List<Path> paths) throws IOException {}

  /**
   * Takes the point-in-time copy. Called while the writers are frozen. On failure, must release
   * whatever it made before throwing: a half-made snapshot is never handed out.
   *
   * @param id the snapshot set's id
   * @param paths the paths to copy, absolute and normalized
   * @return the snapshot, readable until closed
   * @throws IOException if the copy could not be made; the backup is aborted and the writers thawed
   */
  Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException;
}
