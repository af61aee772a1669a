package dev.quiesce.api;

import java.util.Optional;
import java.util.Set;

/**
 * The BackupComplete event's context: the requestor has copied the data and says which components
 * made it (VSS's {@code GetBackupSucceeded}).
 */
public interface BackupCompleteContext extends EventContext {
  /** The snapshot set id captured for this session; empty if the backup took no snapshot. */
  Optional<SnapshotSetId> snapshotSetId();

  /** The names of this writer's components that were selected for the backup. */
  Set<String> selectedComponents();

  /**
   * Whether the requestor reported {@code component} backed up. Truncate logs or record the backup
   * only for components that succeeded.
   */
  boolean backupSucceeded(String component);
}
