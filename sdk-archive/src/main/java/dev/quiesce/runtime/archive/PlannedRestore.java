package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.AlternateLocationMapping;
import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.ComponentRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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

  /**
   * The restore target to tell the writer of component {@code archived} (as the archive names it),
   * whose running metadata is {@code running}: its {@link #alternateLocations()} entry; or, for a
   * {@code RESTORE_TO_ALTERNATE_LOCATION} writer whose component has no file to restore, the
   * deepest directory holding all its mappings' destinations (nothing goes over its live files);
   * else empty.
   */
  default Optional<Path> alternateLocation(ComponentRef archived, WriterMetadata running) {
    Path placed = alternateLocations().get(archived);
    if (placed != null) {
      return Optional.of(placed);
    }
    if (running.restoreMethod() != RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION) {
      return Optional.empty();
    }
    return running.alternateLocationMappings().stream()
        .map(AlternateLocationMapping::destination)
        .reduce(AlternatePlacement::commonDirectory);
  }
}
