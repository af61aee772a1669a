package dev.quiesce.api;

import java.util.Set;

/** The PrepareBackup event's context: what the requestor chose, before any snapshot. */
public interface PrepareBackupContext extends EventContext {
  /** The kind of backup. A writer that has no notion of it treats it as {@link BackupType#FULL}. */
  BackupType backupType();

  /** The names of this writer's components selected for the backup; never empty. */
  Set<String> selectedComponents();
}
