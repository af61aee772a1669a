package dev.quiesce.runtime.archive;

import dev.quiesce.runtime.ComponentRef;
import java.nio.file.Path;
import java.util.Map;

/**
 * A restore that was planned and checked, nothing written yet: what a requestor tells the writers
 * before PreRestore besides the components themselves.
 */
public interface PlannedRestore {
  /**
   * The components whose files the plan places by their writer's alternate location mappings (to
   * original paths, a writer with {@code RESTORE_TO_ALTERNATE_LOCATION}, or {@code
   * RESTORE_IF_CAN_REPLACE} where a file could not be replaced), each with the directory they go
   * under: the mapping's destination, or the deepest directory holding all the destinations used.
   * Keyed by the names the archive gives the components.
   */
  Map<ComponentRef, Path> alternateLocations();
}
