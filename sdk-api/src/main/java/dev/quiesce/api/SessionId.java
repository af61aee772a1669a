package dev.quiesce.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies one backup or restore session, from the requestor's open to BackupShutdown (VSS's
 * {@code GetSessionId}). Known at every event, Identify included; put it in every log line about
 * the session. The runtime does so for its own logs.
 *
 * @param value the UUID
 */
public record SessionId(UUID value) {
  /** Checks the UUID is present. */
  public SessionId {
    Objects.requireNonNull(value, "value");
  }

  /** A new random id, as the coordinator makes one for each session. */
  public static SessionId random() {
    return new SessionId(UUID.randomUUID());
  }

  /**
   * Parses the form {@link #toString()} gives.
   *
   * @throws IllegalArgumentException if {@code text} is not a UUID
   */
  public static SessionId parse(String text) {
    return new SessionId(UUID.fromString(text));
  }

  /** The UUID in its canonical form, so ids read the same in logs, manifests and messages. */
  @Override
  public String toString() {
    return value.toString();
  }
}
