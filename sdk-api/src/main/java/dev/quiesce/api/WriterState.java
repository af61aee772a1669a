package dev.quiesce.api;

import java.util.Optional;

/**
 * A writer's state in a session, as VSS reports it ({@code VSS_WRITER_STATE}, the numbers {@code
 * vssadmin list writers} prints). The success path runs STABLE, WAITING_FOR_FREEZE,
 * WAITING_FOR_THAW, WAITING_FOR_POST_SNAPSHOT, WAITING_FOR_BACKUP_COMPLETE and back to STABLE; a
 * failure in event X leaves {@code FAILED_AT_X} with the failure kind and message beside it.
 */
public enum WriterState {
  /** Not known; counts as an error. */
  UNKNOWN(0),
  /** Done with the current events and ready. */
  STABLE(1),
  /** PrepareSnapshot done; Freeze is next. */
  WAITING_FOR_FREEZE(2),
  /** Frozen; Thaw is next. */
  WAITING_FOR_THAW(3),
  /** Thawed; PostSnapshot is next. */
  WAITING_FOR_POST_SNAPSHOT(4),
  /** Snapshot done; the requestor has not reported BackupComplete yet. */
  WAITING_FOR_BACKUP_COMPLETE(5),
  /** Identify failed. */
  FAILED_AT_IDENTIFY(6),
  /** PrepareBackup failed. */
  FAILED_AT_PREPARE_BACKUP(7),
  /** PrepareSnapshot failed. */
  FAILED_AT_PREPARE_SNAPSHOT(8),
  /** Freeze failed, or the freeze window expired. */
  FAILED_AT_FREEZE(9),
  /** Thaw failed. */
  FAILED_AT_THAW(10),
  /** PostSnapshot failed. */
  FAILED_AT_POST_SNAPSHOT(11),
  /** BackupComplete failed; the snapshot existed. */
  FAILED_AT_BACKUP_COMPLETE(12),
  /** PreRestore failed. */
  FAILED_AT_PRE_RESTORE(13),
  /** PostRestore failed. */
  FAILED_AT_POST_RESTORE(14),
  /** BackupShutdown failed. */
  FAILED_AT_BACKUPSHUTDOWN(15);

  private final int vssCode;

  WriterState(int vssCode) {
    this.vssCode = vssCode;
  }

  /** The number VSS gives this state, for tools that compare with {@code vssadmin} output. */
  public int vssCode() {
    return vssCode;
  }

  /** Whether this is one of the {@code FAILED_AT_*} states. */
  public boolean isFailed() {
    return vssCode >= FAILED_AT_IDENTIFY.vssCode;
  }

  /**
   * The state a failure in {@code event} leaves. Empty for {@link WriterEvent#ABORT}, which has no
   * state of its own in VSS: a failing Abort is reported through the failure kind alone.
   */
  public static Optional<WriterState> failedAt(WriterEvent event) {
    return Optional.ofNullable(
        switch (event) {
          case IDENTIFY -> FAILED_AT_IDENTIFY;
          case PREPARE_BACKUP -> FAILED_AT_PREPARE_BACKUP;
          case PREPARE_SNAPSHOT -> FAILED_AT_PREPARE_SNAPSHOT;
          case FREEZE -> FAILED_AT_FREEZE;
          case THAW -> FAILED_AT_THAW;
          case POST_SNAPSHOT -> FAILED_AT_POST_SNAPSHOT;
          case ABORT -> null;
          case BACKUP_COMPLETE -> FAILED_AT_BACKUP_COMPLETE;
          case BACKUP_SHUTDOWN -> FAILED_AT_BACKUPSHUTDOWN;
          case PRE_RESTORE -> FAILED_AT_PRE_RESTORE;
          case POST_RESTORE -> FAILED_AT_POST_RESTORE;
        });
  }
}
