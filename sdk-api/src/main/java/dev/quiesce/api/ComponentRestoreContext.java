package dev.quiesce.api;

import static dev.quiesce.api.WriterEvent.POST_RESTORE;
import static dev.quiesce.api.WriterEvent.PRE_RESTORE;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a writer reads, per selected component, from the Backup Components Document at restore
 * (VSS's {@code IVssComponent} during PreRestore and PostRestore): the metadata it kept with the
 * backup, and where the component's files go.
 */
public interface ComponentRestoreContext extends EventContext {
  /**
   * The private string the writer kept with the backup of {@code component} (VSS's {@code
   * GetBackupMetadata}); empty if it kept none.
   *
   * @throws IllegalArgumentException if the component is not selected for this restore
   */
  @CallableDuring({PRE_RESTORE, POST_RESTORE})
  Optional<String> backupMetadata(String component);

  /**
   * The directory the files of {@code component} are restored under instead of their original
   * location (a new target chosen by the requestor, or the restore's alternate location); empty
   * when they go back to their original paths.
   *
   * @throws IllegalArgumentException if the component is not selected for this restore
   */
  @CallableDuring({PRE_RESTORE, POST_RESTORE})
  Optional<Path> restoreTarget(String component);
}
