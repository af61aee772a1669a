package dev.quiesce.api;

import java.util.Set;

/**
 * The PrepareBackup event's context: what the requestor chose, before any snapshot. The writer may
 * leave metadata and stamps for its components here or in PostSnapshot ({@link
 * ComponentBackupContext}).
 */
public interface PrepareBackupContext extends ComponentBackupContext {
  /**
   * The kind of backup, for this writer: the type the requestor asked for, or {@link
   * BackupType#FULL} when the writer's backup schema (declared at Identify) does not support it, as
   * VSS does. A writer that has no notion of it treats it as {@link BackupType#FULL}.
   */
  BackupType backupType();

  /** The names of this writer's components selected for the backup; never empty. */
  Set<String> selectedComponents();
}
