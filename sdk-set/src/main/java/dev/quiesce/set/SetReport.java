package dev.quiesce.set;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.runtime.archive.Manifest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a set backup produced.
 *
 * @param id the snapshot set's id, in every part and every writer's events
 * @param dir the set directory
 * @param manifest the set manifest written
 * @param parts each member's part manifest, by member name
 * @param globalFreeze from the first member's first Freeze to the last member's last Thaw: how long
 *     the set held writers, at most
 * @param total how long the whole set backup took
 */
public record SetReport(
    SnapshotSetId id,
    Path dir,
    SetManifest manifest,
    Map<String, Manifest> parts,
    Duration globalFreeze,
    Duration total) {
  /** Copies the parts. */
  public SetReport {
    parts = Map.copyOf(parts);
  }
}
