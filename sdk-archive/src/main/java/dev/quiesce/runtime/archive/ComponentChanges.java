package dev.quiesce.runtime.archive;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.metadata.DifferencedFiles;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How one component's files are chosen for an archive built on a base: the type its writer's backup
 * is done as, and the files the writer says changed only after a given time.
 *
 * @param writerId the writer's id
 * @param instanceName the writer's instance name
 * @param component the component's name
 * @param backupType the type it is done as; only {@code INCREMENTAL} and {@code DIFFERENTIAL} keep
 *     files from the base, any other stores every file
 * @param differenced the writer's differenced files
 */
public record ComponentChanges(
    UUID writerId,
    String instanceName,
    String component,
    BackupType backupType,
    List<DifferencedFiles> differenced) {
  /** Checks the fields and copies the list. */
  public ComponentChanges {
    Objects.requireNonNull(writerId, "writerId");
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(backupType, "backupType");
    differenced = List.copyOf(differenced);
  }

  /** Whether files of this component may be kept from the base. */
  boolean keepsFromBase() {
    return backupType == BackupType.INCREMENTAL || backupType == BackupType.DIFFERENTIAL;
  }
}
