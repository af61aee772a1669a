package dev.quiesce.api.spi;

import dev.quiesce.api.SnapshotSetId;
import java.util.Optional;

/**
 * What the runtime keeps for one writer in one session, handed to every {@link
 * WriterDispatcher#dispatch} of that session.
 *
 * <p>The generated dispatcher captures the snapshot set id here at PrepareSnapshot, Freeze, Thaw
 * and PostSnapshot, and reads it back for Abort, BackupComplete and BackupShutdown. This is the fix
 * for VSS's weakest point: there, a writer in two backups whose requestor crashed may be given the
 * other backup's id at BackupShutdown; here the id comes from this record, which belongs to one
 * session.
 */
public interface SessionRecord {
  /**
   * Records the id of the session's snapshot set. Called by generated code at every event inside
   * the snapshot set; a session has one snapshot set, so later calls repeat the same id.
   *
   * @throws IllegalStateException if a different id was captured before
   */
  void captureSnapshotSetId(SnapshotSetId id);

  /** The id captured for this session; empty if it never reached PrepareSnapshot. */
  Optional<SnapshotSetId> capturedSnapshotSetId();

  /**
   * The session's instance of a {@code @SessionState} class: made on first request (by Guice in the
   * runtime), the same instance afterwards, dropped after BackupShutdown.
   */
  <T> T sessionState(Class<T> type);
}
