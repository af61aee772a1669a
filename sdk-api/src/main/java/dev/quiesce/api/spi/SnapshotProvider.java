package dev.quiesce.api.spi;

import dev.quiesce.api.SnapshotSetId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the point-in-time copy of a snapshot set: a copy of the files, a btrfs, LVM or ZFS
 * snapshot. VSS's provider role.
 *
 * <p>The coordinator calls, for each snapshot set:
 *
 * <ol>
 *   <li>{@link #check}, before any writer is told anything of the set, so a path the provider
 *       cannot snapshot fails the backup without freezing anything;
 *   <li>{@link #beginPrepare}, then the writers' PrepareSnapshot (they flush), then {@link
 *       #prepare}: a provider does there, before the freeze, what would otherwise lengthen it; what
 *       must come before the writers flush goes in {@code beginPrepare} (VSS's
 *       BeginPrepareSnapshot), what must come after in {@code prepare} (EndPrepareSnapshots);
 *   <li>{@link #take}, inside the freeze window, once every writer is frozen. {@code take} should
 *       therefore be as quick as the provider can make it; the writers stay frozen until it
 *       returns, and are thawed regardless if it overruns their window.
 * </ol>
 *
 * <p>A provider that wraps another (to time it, or hold it in a test) extends {@link
 * ForwardingSnapshotProvider}, so that it passes on every call, including ones added later.
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
   * Does, before the writers' PrepareSnapshot, what must come before they flush for {@link #take}
   * to be quick. A snapshot that commits the filesystem (btrfs) writes inside the freeze every
   * change since the last commit; committed here, what the writers then flush is most of what is
   * left (measured on the Derby bank at 1 GiB on btrfs: a write-blocked window of 37 ms with the
   * commit here, 51 ms with it after the writers' flush). Nothing may be made here that needs
   * releasing: a set can fail before {@link #prepare}. The default does nothing.
   *
   * @param id the snapshot set's id, the same {@code prepare} and {@code take} will be called with
   * @param paths the paths of the set, absolute and normalized
   * @throws IOException if it failed; the backup is aborted before any writer is told
   *     PrepareSnapshot
   */
  default void beginPrepare(SnapshotSetId id, List<Path> paths) throws IOException {}

  /**
   * Does, before anything is frozen, what makes {@link #take} of the same snapshot set quicker (the
   * copy provider copies the data here, so that inside the freeze it copies only what changed
   * since). The applications are still writing: nothing made here may be handed out as the
   * snapshot, only used by {@code take} to make it. The default prepares nothing.
   *
   * <p>The coordinator closes the result after {@code take} returned or failed, or when the set
   * fails before it; a provider must release there whatever {@code take} did not use.
   *
   * @param id the snapshot set's id, the same {@code take} will be called with
   * @param paths the paths of the set, absolute and normalized
   * @return what was prepared, to close once the set is taken or has failed
   * @throws IOException if the preparation failed; the backup is aborted before any Freeze
   */
  default SnapshotPreparation prepare(SnapshotSetId id, List<Path> paths) throws IOException {
    return SnapshotPreparation.NONE;
  }

  /**
   * Takes the point-in-time copy. Called while the writers are frozen, after {@link #prepare} for
   * the same {@code id}, whose result it may use. On failure, must release whatever it made before
   * throwing: a half-made snapshot is never handed out.
   *
   * @param id the snapshot set's id
   * @param paths the paths to copy, absolute and normalized
   * @return the snapshot, readable until closed
   * @throws IOException if the copy could not be made; the backup is aborted and the writers thawed
   */
  Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException;
}
