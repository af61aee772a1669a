package dev.quiesce.cluster;

import dev.quiesce.api.SnapshotSetId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot set taken across a cluster: every member's part was written while all of them had been
 * frozen together.
 *
 * @param id the set's id, the one every writer of every member captured
 * @param directory the set's directory
 * @param parts each member's part, by member name
 * @param globalFreeze from the requestor's first Freeze phase to every member's last Thaw
 */
public record ClusterSetReport(
    SnapshotSetId id, Path directory, List<PartSummary> parts, Duration globalFreeze) {
  /** Checks every field is present. */
  public ClusterSetReport {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(directory, "directory");
    parts = List.copyOf(parts);
    Objects.requireNonNull(globalFreeze, "globalFreeze");
  }
}
