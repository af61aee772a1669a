package dev.quiesce.processor.model;

import dev.quiesce.api.WriterEvent;

/**
 * Where the generated dispatcher takes the value of one handler parameter from. Parameters are
 * resolved by type; each source is available in some events only (DESIGN section 3).
 */
public enum ParameterSource {
  /** The event's own context, cast from the dispatched {@code EventContext}. */
  CONTEXT,
  /** {@code SnapshotSetId}: the current id, from the context (events inside a snapshot set). */
  CURRENT_SNAPSHOT_SET_ID,
  /** {@code Optional<SnapshotSetId>}: the id captured for the session (events after the set). */
  CAPTURED_SNAPSHOT_SET_ID,
  /** {@code SessionId}: the session the event belongs to (every event). */
  SESSION_ID,
  /** {@code ShutdownCause}: how the session ended (BackupShutdown only). */
  SHUTDOWN_CAUSE,
  /** A {@code @SessionState} class: the session's instance (every event). */
  SESSION_STATE;

  /** Whether handlers of {@code event} may take a parameter from this source. */
  public boolean availableIn(WriterEvent event) {
    switch (this) {
      case CURRENT_SNAPSHOT_SET_ID:
        return event.hasCurrentSnapshotSet();
      case CAPTURED_SNAPSHOT_SET_ID:
        return event.hasCapturedSnapshotSet();
      case SHUTDOWN_CAUSE:
        return event == WriterEvent.BACKUP_SHUTDOWN;
      case CONTEXT:
      case SESSION_ID:
      case SESSION_STATE:
        return true;
    }
    throw new AssertionError(this);
  }

  /** How this source reads in the list of accepted parameters of {@code spec}'s handlers. */
  public String describe(EventSpec spec) {
    switch (this) {
      case CONTEXT:
        return spec.contextType().getSimpleName();
      case CURRENT_SNAPSHOT_SET_ID:
        return "SnapshotSetId (the snapshot set being made)";
      case CAPTURED_SNAPSHOT_SET_ID:
        return "Optional<SnapshotSetId> (the id captured for this session)";
      case SESSION_ID:
        return "SessionId";
      case SHUTDOWN_CAUSE:
        return "ShutdownCause";
      case SESSION_STATE:
        return "any @SessionState class";
    }
    throw new AssertionError(this);
  }
}
