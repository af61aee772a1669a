package dev.quiesce.runtime.archive;

import dev.quiesce.api.BackupType;
import java.util.List;
import java.util.Objects;

/**
 * The part of a manifest that makes a backup more than its files: its type, the chain of earlier
 * archives it builds on, the files it keeps from them, and the Backup Components Document the
 * writers left (metadata, stamps).
 *
 * @param backupType the type the requestor asked for
 * @param chain the earlier archives this one builds on, oldest (a full backup) first, its base
 *     last; empty for a full backup
 * @param carried the files of the backed-up state kept from the chain, not stored in this archive
 * @param components per selected component, the type it was done as and the writer's values
 */
public record BackupComponents(
    BackupType backupType,
    List<ChainLink> chain,
    List<CarriedFile> carried,
    List<ComponentData> components) {
  /**
   * Checks the fields and copies the lists.
   *
   * @throws IllegalArgumentException if a carried file names a link the chain does not have, or a
   *     full backup has a chain
   */
  public BackupComponents {
    Objects.requireNonNull(backupType, "backupType");
    chain = List.copyOf(chain);
    carried = List.copyOf(carried);
    components = List.copyOf(components);
    for (CarriedFile f : carried) {
      if (f.link() >= chain.size()) {
        throw new IllegalArgumentException(
            "carried file " + f.originalPath() + " names link " + f.link() + " of " + chain.size());
      }
    }
    if (!chain.isEmpty()
        && backupType != BackupType.INCREMENTAL
        && backupType != BackupType.DIFFERENTIAL) {
      throw new IllegalArgumentException(
          "a " + backupType + " backup builds on no other archive, but this one names " + chain);
    }
  }

  /** A full backup without component data: what a manifest of schema version 1 had. */
  public static BackupComponents full() {
    return new BackupComponents(BackupType.FULL, List.of(), List.of(), List.of());
  }

  /** The same, with the writers' component data. */
  public BackupComponents withComponents(List<ComponentData> data) {
    return new BackupComponents(backupType, chain, carried, data);
  }
}
