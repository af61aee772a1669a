package dev.quiesce.api;

import dev.quiesce.api.metadata.Component;
import dev.quiesce.api.metadata.RestoreMethod;
import java.nio.file.Path;
import java.util.Set;

/**
 * The Identify event's context: the writer describes its data here and nowhere else (VSS's {@code
 * IVssCreateWriterMetadata}). Identify may come at any time, from any session, so the description
 * must be the same every time: the requestor saves it with the backup and uses it to restore.
 *
 * <pre>{@code
 * @OnIdentify void identify(IdentifyContext ctx) {
 *   ctx.component("orders").database().files(dataDir, "*", true);
 *   ctx.excludeFiles(dataDir.resolve("tmp"), "*", true);
 * }
 * }</pre>
 */
public interface IdentifyContext extends EventContext {
  /**
   * Adds a component: a unit of data that can be selected for backup and restore. Names are unique
   * per writer; adding one twice fails.
   *
   * @param name the component's name; not blank, no {@code '/'} or {@code '\'}
   * @return a builder for its type and file sets, valid until the handler returns
   */
  Component.Builder component(String name);

  /**
   * Files never to back up, whatever component lists them (VSS's {@code AddExcludeFiles}).
   *
   * @param root the directory
   * @param filespec a file name pattern with {@code *} and {@code ?}
   * @param recursive whether to match in subdirectories too
   */
  void excludeFiles(Path root, String filespec, boolean recursive);

  /** How the writer's data is restored. {@link RestoreMethod#RESTORE_IF_CAN_REPLACE} if not set. */
  void restoreMethod(RestoreMethod method);

  /**
   * Declares the backup types this writer supports besides {@link BackupType#FULL} (VSS's {@code
   * SetBackupSchema}). A backup of a type left out is done as full for this writer, and the
   * manifest records it. A writer that declares nothing has every type done by comparing its files
   * with the base (size, modification time, checksum).
   */
  void backupSchema(Set<BackupType> supported);

  /**
   * Declares that {@code component} must be backed up and restored together with {@code
   * onComponent} of the writer named {@code onWriter} (VSS's {@code AddComponentDependency}). A
   * backup selecting one without the other is refused before PrepareBackup, naming both.
   *
   * @throws IllegalArgumentException if {@code onWriter} is this writer
   */
  void componentDependency(String component, String onWriter, String onComponent);

  /**
   * Declares where the files of a set may be restored when not to their original place (VSS's
   * {@code AddAlternateLocationMapping}): used by a restore with the {@link
   * RestoreMethod#RESTORE_TO_ALTERNATE_LOCATION} method.
   */
  void alternateLocationMapping(Path root, String filespec, boolean recursive, Path destination);
}
