package dev.quiesce.runtime.testing;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.runtime.WriterStatus;
import java.util.Optional;

/**
 * How one backup driven by {@link WriterHarness} went.
 *
 * @param session the session
 * @param snapshotSetId the snapshot set, if doSnapshotSet returned one
 * @param failure the failure the requestor saw, if any (usually a {@link
 *     dev.quiesce.runtime.QuiesceException})
 * @param status the writer's status in the session when the requestor stopped
 */
public record BackupResult(
    SessionId session,
    Optional<SnapshotSetId> snapshotSetId,
    Optional<RuntimeException> failure,
    WriterStatus status) {

  /** Asserts the backup succeeded, and returns this. */
  public BackupResult assertSucceeded() {
    if (failure.isPresent()) {
      AssertionError e =
          new AssertionError("backup " + session + " failed: " + failure.get().getMessage());
      e.initCause(failure.get());
      throw e;
    }
    return this;
  }

  /** Asserts the backup failed, and returns this. */
  public BackupResult assertFailed() {
    if (failure.isEmpty()) {
      throw new AssertionError("backup " + session + " succeeded; a failure was expected");
    }
    return this;
  }
}
