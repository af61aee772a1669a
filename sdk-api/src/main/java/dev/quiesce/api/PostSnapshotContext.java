package dev.quiesce.api;

import static dev.quiesce.api.WriterEvent.POST_SNAPSHOT;

import java.nio.file.Path;

/**
 * The PostSnapshot event's context: the snapshot exists, and the writer may look at it (VSS's
 * {@code GetSnapshotDeviceName}, which only works here), and leave metadata, stamps and differenced
 * files for its components ({@link ComponentBackupContext}), which VSS does typically here.
 */
public interface PostSnapshotContext extends SnapshotEventContext, ComponentBackupContext {
  /**
   * Where the point-in-time copy of {@code original} can be read, to check or repair it.
   *
   * @param original a path inside one of the snapshot set's {@link #volumes()}
   * @throws IllegalArgumentException if {@code original} is not in the snapshot set
   */
  @CallableDuring(POST_SNAPSHOT)
  Path snapshotPathOf(Path original);
}
