package dev.quiesce.runtime.testing;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * One event as the writer saw it.
 *
 * @param event the event
 * @param session its session
 * @param snapshotSetId the current id (PrepareSnapshot to PostSnapshot) or the captured one (Abort,
 *     BackupComplete, BackupShutdown)
 * @param cause BackupShutdown's cause
 * @param backupCompleteDelivered BackupShutdown's flag
 * @param failure what the handler threw, if it did
 * @param thread the thread that ran the handler
 * @param started when the handler was called
 */
public record SeenEvent(
    WriterEvent event,
    SessionId session,
    Optional<SnapshotSetId> snapshotSetId,
    Optional<ShutdownCause> cause,
    boolean backupCompleteDelivered,
    Optional<String> failure,
    String thread,
    Instant started) {

  @Override
  public String toString() {
    return event
        + snapshotSetId.map(id -> " set=" + id).orElse("")
        + cause.map(c -> " cause=" + c).orElse("")
        + failure.map(f -> " threw=" + f).orElse("");
  }
}
