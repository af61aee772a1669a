package dev.quiesce.api;

import static dev.quiesce.api.WriterEvent.PRE_RESTORE;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The PreRestore event's context: files are about to be restored. The writer reads the metadata it
 * kept with the backup ({@link ComponentRestoreContext#backupMetadata(String)}) and may keep
 * restore metadata for PostRestore.
 */
public interface PreRestoreContext extends ComponentRestoreContext {
  /** How the data is restored. */
  RestoreType restoreType();

  /** The names of this writer's components selected for the restore; never empty. */
  Set<String> selectedComponents();

  /**
   * The directory the files are restored under when they do not go back to their original location;
   * empty when they do. A writer that must stop its service only for an in-place restore checks it.
   */
  Optional<Path> alternateLocation();

  /**
   * Keeps a private string for PostRestore (VSS's {@code SetRestoreMetadata}): what the writer
   * learns before the files come back and needs after (a service it stopped, a position). Read back
   * with {@link PostRestoreContext#restoreMetadata(String)}.
   *
   * @param component one of this writer's selected components
   * @param metadata opaque; at most {@link ComponentBackupContext#MAX_VALUE_BYTES} bytes in UTF-8
   * @throws IllegalArgumentException if the component is not selected or the metadata is too big
   */
  @CallableDuring(PRE_RESTORE)
  void setRestoreMetadata(String component, String metadata);
}
