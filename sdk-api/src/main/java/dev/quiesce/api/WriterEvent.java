package dev.quiesce.api;

/**
 * The eleven events a writer can receive, named after the VSS writer events they reproduce.
 *
 * <p>A backup raises, for each writer with a selected component: {@link #IDENTIFY}, {@link
 * #PREPARE_BACKUP}, then inside one snapshot set {@link #PREPARE_SNAPSHOT}, {@link #FREEZE}, {@link
 * #THAW}, {@link #POST_SNAPSHOT}, then {@link #BACKUP_COMPLETE} if the requestor reports success,
 * and always {@link #BACKUP_SHUTDOWN} last. {@link #ABORT} replaces the tail of that sequence when
 * the backup is abandoned. A restore raises {@link #IDENTIFY}, {@link #PRE_RESTORE}, {@link
 * #POST_RESTORE}.
 *
 * <p>The order of the constants is the order of a successful backup followed by a restore; code may
 * rely on it.
 */
public enum WriterEvent {
  /** See {@link OnIdentify}. */
  IDENTIFY,
  /** See {@link OnPrepareBackup}. */
  PREPARE_BACKUP,
  /** See {@link OnPrepareSnapshot}. */
  PREPARE_SNAPSHOT,
  /** See {@link OnFreeze}. */
  FREEZE,
  /** See {@link OnThaw}. */
  THAW,
  /** See {@link OnPostSnapshot}. */
  POST_SNAPSHOT,
  /** See {@link OnAbort}. */
  ABORT,
  /** See {@link OnBackupComplete}. */
  BACKUP_COMPLETE,
  /** See {@link OnBackupShutdown}. */
  BACKUP_SHUTDOWN,
  /** See {@link OnPreRestore}. */
  PRE_RESTORE,
  /** See {@link OnPostRestore}. */
  POST_RESTORE;

  /**
   * Whether this event happens inside a snapshot set, where a current {@link SnapshotSetId} exists:
   * PrepareSnapshot, Freeze, Thaw and PostSnapshot. These are the events at which the generated
   * dispatcher captures the id for the session.
   */
  public boolean hasCurrentSnapshotSet() {
    return this == PREPARE_SNAPSHOT || this == FREEZE || this == THAW || this == POST_SNAPSHOT;
  }

  /**
   * Whether this event comes after the snapshot set and receives the id captured for the session
   * ({@code Optional<SnapshotSetId>}): Abort, BackupComplete and BackupShutdown.
   */
  public boolean hasCapturedSnapshotSet() {
    return this == ABORT || this == BACKUP_COMPLETE || this == BACKUP_SHUTDOWN;
  }

  /** Whether this event belongs to a restore session (PreRestore, PostRestore). */
  public boolean isRestore() {
    return this == PRE_RESTORE || this == POST_RESTORE;
  }
}
