package dev.quiesce.api;

import static dev.quiesce.api.WriterEvent.ABORT;
import static dev.quiesce.api.WriterEvent.BACKUP_COMPLETE;
import static dev.quiesce.api.WriterEvent.BACKUP_SHUTDOWN;
import static dev.quiesce.api.WriterEvent.FREEZE;
import static dev.quiesce.api.WriterEvent.IDENTIFY;
import static dev.quiesce.api.WriterEvent.POST_RESTORE;
import static dev.quiesce.api.WriterEvent.POST_SNAPSHOT;
import static dev.quiesce.api.WriterEvent.PREPARE_BACKUP;
import static dev.quiesce.api.WriterEvent.PREPARE_SNAPSHOT;
import static dev.quiesce.api.WriterEvent.PRE_RESTORE;
import static dev.quiesce.api.WriterEvent.THAW;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The VSS-style accessor a writer may inject (the getters of {@code CVssWriter}), for code that
 * prefers asking over taking handler parameters, or that is shared between handlers.
 *
 * <p>Every method answers for the event being dispatched <em>on the calling thread</em>, so a
 * writer in several backups at once always gets its own session's answer. Each carries {@link
 * CallableDuring} with the events VSS documents it for; the annotation processor rejects calls that
 * could run at any other time (in another event's handler, from a constructor, from a lambda that
 * outlives the handler), and at run time such a call throws {@link IllegalEventStateException}.
 *
 * <p>Event contexts and handler parameters are the better choice: {@code FreezeContext} simply has
 * no way to ask for what Freeze cannot know, and {@code BackupShutdownContext.snapshotSetId()} is
 * the id captured for this session. The injected accessor itself may be stored in a field.
 */
public interface WriterContext {
  /**
   * The snapshot set being made (VSS's {@code GetCurrentSnapshotSetId}). Only meaningful inside a
   * snapshot set; after PostSnapshot returns, VSS may give another backup's id. For Abort,
   * BackupComplete and BackupShutdown, take an {@code Optional<SnapshotSetId>} parameter or use the
   * context's {@code snapshotSetId()}, captured for this session.
   */
  @CallableDuring({PREPARE_SNAPSHOT, FREEZE, THAW, POST_SNAPSHOT})
  SnapshotSetId currentSnapshotSetId();

  /** The paths in the current snapshot set (VSS's {@code GetCurrentVolumeArray}). */
  @CallableDuring({PREPARE_SNAPSHOT, FREEZE, THAW, POST_SNAPSHOT})
  List<Path> currentVolumes();

  /**
   * Where the point-in-time copy of {@code original} can be read (VSS's {@code
   * GetSnapshotDeviceName}): only in PostSnapshot, when the snapshot exists and is not yet handed
   * to the requestor.
   *
   * @throws IllegalArgumentException if {@code original} is not in the snapshot set
   */
  @CallableDuring(POST_SNAPSHOT)
  Path snapshotPathOf(Path original);

  /** Whether {@code path} is inside the snapshot set being made (VSS's {@code IsPathAffected}). */
  @CallableDuring({PREPARE_BACKUP, PREPARE_SNAPSHOT, FREEZE, THAW, POST_SNAPSHOT})
  boolean isPathAffected(Path path);

  /** The kind of backup of the current session (VSS's {@code GetBackupType}). */
  @CallableDuring({
    PREPARE_BACKUP,
    PREPARE_SNAPSHOT,
    FREEZE,
    THAW,
    POST_SNAPSHOT,
    ABORT,
    BACKUP_COMPLETE
  })
  BackupType currentBackupType();

  /** The kind of restore of the current session (VSS's {@code GetRestoreType}). */
  @CallableDuring({PRE_RESTORE, POST_RESTORE})
  RestoreType currentRestoreType();

  /** The current session (VSS's {@code GetSessionId}); known at every event. */
  @CallableDuring({
    IDENTIFY,
    PREPARE_BACKUP,
    PREPARE_SNAPSHOT,
    FREEZE,
    THAW,
    POST_SNAPSHOT,
    ABORT,
    BACKUP_COMPLETE,
    BACKUP_SHUTDOWN,
    PRE_RESTORE,
    POST_RESTORE
  })
  SessionId currentSessionId();

  /**
   * Records a failure for the current event without failing the handler (VSS's {@code
   * SetWriterFailure}); see {@link EventContext#reportFailure(WriterFailure, String)}. Not allowed
   * during Identify.
   */
  @CallableDuring({
    PREPARE_BACKUP,
    PREPARE_SNAPSHOT,
    FREEZE,
    THAW,
    POST_SNAPSHOT,
    ABORT,
    BACKUP_COMPLETE,
    BACKUP_SHUTDOWN,
    PRE_RESTORE,
    POST_RESTORE
  })
  void setWriterFailure(WriterFailure failure, String message);

  // ---- the Backup Components Document (VSS's IVssComponent), per selected component ----

  /** See {@link ComponentBackupContext#setBackupMetadata(String, String)}. */
  @CallableDuring({PREPARE_BACKUP, POST_SNAPSHOT})
  void setBackupMetadata(String component, String metadata);

  /** See {@link ComponentBackupContext#setBackupStamp(String, String)}. */
  @CallableDuring({PREPARE_BACKUP, POST_SNAPSHOT})
  void setBackupStamp(String component, String stamp);

  /** See {@link ComponentBackupContext#previousBackupStamp(String)}. */
  @CallableDuring({PREPARE_BACKUP, POST_SNAPSHOT})
  Optional<String> previousBackupStamp(String component);

  /**
   * See {@link ComponentBackupContext#addDifferencedFilesByLastModifyTime(String, Path, String,
   * boolean, Instant)}.
   */
  @CallableDuring({PREPARE_BACKUP, POST_SNAPSHOT})
  void addDifferencedFilesByLastModifyTime(
      String component, Path root, String filespec, boolean recursive, Instant since);

  /** See {@link ComponentRestoreContext#backupMetadata(String)}. */
  @CallableDuring({PRE_RESTORE, POST_RESTORE})
  Optional<String> backupMetadata(String component);

  /** See {@link ComponentRestoreContext#restoreTarget(String)}. */
  @CallableDuring({PRE_RESTORE, POST_RESTORE})
  Optional<Path> restoreTarget(String component);

  /** See {@link PreRestoreContext#setRestoreMetadata(String, String)}. */
  @CallableDuring(PRE_RESTORE)
  void setRestoreMetadata(String component, String metadata);

  /** See {@link PostRestoreContext#restoreMetadata(String)}. */
  @CallableDuring(POST_RESTORE)
  Optional<String> restoreMetadata(String component);

  /** See {@link PostRestoreContext#fileRestoreStatus(String)}. */
  @CallableDuring(POST_RESTORE)
  FileRestoreStatus fileRestoreStatus(String component);
}
