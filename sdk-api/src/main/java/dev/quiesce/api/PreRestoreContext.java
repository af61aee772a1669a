package dev.quiesce.api;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** The PreRestore event's context: files are about to be restored. */
public interface PreRestoreContext extends EventContext {
  /** How the data is restored. */
  RestoreType restoreType();

  /** The names of this writer's components selected for the restore; never empty. */
  Set<String> selectedComponents();

  /**
   * The directory the files are restored under when they do not go back to their original location;
   * empty when they do. A writer that must stop its service only for an in-place restore checks it.
   */
  Optional<Path> alternateLocation();
}
