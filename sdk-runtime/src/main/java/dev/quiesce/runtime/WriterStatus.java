package dev.quiesce.runtime;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One writer's status: the {@code vssadmin list writers} view. {@link Coordinator#writers()} gives
 * each writer's status as of its latest session; {@link BackupSession#gatherWriterStatus()} gives
 * the status within one session.
 *
 * <p>Unlike VSS, where a failed writer stays failed until its host restarts, a failure here belongs
 * to a session: the next session starts clean, while this record keeps what went wrong last.
 *
 * @param name the writer's name
 * @param writerId the writer class id
 * @param instanceName the instance name; empty for a single instance
 * @param instanceId the id the coordinator gave this instance when it subscribed
 * @param state the state ({@code FAILED_AT_<event>} after a failure)
 * @param failure the kind of the last failure, if the session failed
 * @param error the message of the last failure
 * @param session the session this status belongs to; empty if the writer has seen none
 */
public record WriterStatus(
    String name,
    UUID writerId,
    String instanceName,
    UUID instanceId,
    WriterState state,
    Optional<WriterFailure> failure,
    Optional<String> error,
    Optional<SessionId> session) {

  /** Checks every field is present. */
  public WriterStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(writerId, "writerId");
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(session, "session");
  }

  /** Whether the writer is in a {@code FAILED_AT_*} state. */
  public boolean failed() {
    return state.isFailed();
  }

  /** {@code name [state] failure: error}, as {@code vssadmin} would print it. */
  @Override
  public String toString() {
    return name
        + " ["
        + state.vssCode()
        + "] "
        + state
        + failure.map(f -> " " + f).orElse("")
        + error.map(e -> ": " + e).orElse("")
        + session.map(s -> " (session " + s + ")").orElse("");
  }
}
