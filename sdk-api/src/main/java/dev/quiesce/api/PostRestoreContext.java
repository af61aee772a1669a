package dev.quiesce.api;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** The PostRestore event's context: the files have been restored. */
public interface PostRestoreContext extends EventContext {
  /** How the data was restored. */
  RestoreType restoreType();

  /** The names of this writer's components that were restored. */
  Set<String> selectedComponents();

  /** The directory the files were restored under, if not their original location. */
  Optional<Path> alternateLocation();
}
