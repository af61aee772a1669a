package dev.quiesce.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies one snapshot set: the point-in-time copy of a set of paths taken in one freeze window.
 * A backup session has at most one.
 *
 * <p>A value: it may be stored anywhere, compared, logged. It is the key a writer uses to tell
 * which backup a later event belongs to, which is why Quiesce captures it per session and hands it
 * to Abort, BackupComplete and BackupShutdown instead of letting the writer ask for the "current"
 * one when several backups may be in flight.
 *
 * @param value the UUID
 */
public record SnapshotSetId(UUID value) {
  /** Checks the UUID is present. */
  public SnapshotSetId {
    Objects.requireNonNull(value, "value");
  }

  /** A new random id, as the coordinator makes one for each snapshot set. */
  public static SnapshotSetId random() {
    return new SnapshotSetId(UUID.randomUUID());
  }

  /**
   * Parses the form {@link #toString()} gives.
   *
   * @throws IllegalArgumentException if {@code text} is not a UUID
   */
  public static SnapshotSetId parse(String text) {
    return new SnapshotSetId(UUID.fromString(text));
  }

  /** The UUID in its canonical form, so ids read the same in logs, manifests and messages. */
  @Override
  public String toString() {
    return value.toString();
  }
}
