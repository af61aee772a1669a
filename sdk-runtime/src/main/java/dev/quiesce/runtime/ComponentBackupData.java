package dev.quiesce.runtime;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.metadata.DifferencedFiles;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a writer left for one component in a backup's Backup Components Document, as the requestor
 * reads it after PostSnapshot ({@link BackupSession#backupComponents()}) to keep with the backup.
 *
 * @param component the component
 * @param backupType the type this writer's backup is done as: the requested one, or {@link
 *     BackupType#FULL} when the writer's backup schema does not support it
 * @param backupMetadata the writer's private metadata, given back at restore
 * @param backupStamp the writer's stamp, given back at the next incremental or differential backup
 * @param differencedFiles the files the writer says changed only after a given time
 */
public record ComponentBackupData(
    ComponentRef component,
    BackupType backupType,
    Optional<String> backupMetadata,
    Optional<String> backupStamp,
    List<DifferencedFiles> differencedFiles) {
  /** Checks the fields and copies the list. */
  public ComponentBackupData {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(backupType, "backupType");
    Objects.requireNonNull(backupMetadata, "backupMetadata");
    Objects.requireNonNull(backupStamp, "backupStamp");
    differencedFiles = List.copyOf(differencedFiles);
  }
}
