package dev.quiesce.api;

import static dev.quiesce.api.WriterEvent.POST_RESTORE;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** The PostRestore event's context: the files have been restored. */
public interface PostRestoreContext extends ComponentRestoreContext {
  /** How the data was restored. */
  RestoreType restoreType();

  /** The names of this writer's components that were restored. */
  Set<String> selectedComponents();

  /** The directory the files were restored under, if not their original location. */
  Optional<Path> alternateLocation();

  /**
   * What the writer kept in PreRestore for {@code component} ({@link
   * PreRestoreContext#setRestoreMetadata}); empty if nothing.
   *
   * @throws IllegalArgumentException if the component is not selected
   */
  @CallableDuring(POST_RESTORE)
  Optional<String> restoreMetadata(String component);

  /**
   * Whether the files of {@code component} were restored (VSS's {@code GetFileRestoreStatus}): all,
   * none, or failed part way.
   *
   * @throws IllegalArgumentException if the component is not selected
   */
  @CallableDuring(POST_RESTORE)
  FileRestoreStatus fileRestoreStatus(String component);
}
