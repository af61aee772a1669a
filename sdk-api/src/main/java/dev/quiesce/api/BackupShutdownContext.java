package dev.quiesce.api;

import java.util.Optional;

/**
 * The BackupShutdown event's context: the session is over. Carries everything a writer needs to
 * clean up correctly without having tracked the session itself.
 */
public interface BackupShutdownContext extends EventContext {
  /**
   * The snapshot set id captured for <em>this</em> session; empty if it never reached
   * PrepareSnapshot. VSS writers are told to call {@code GetCurrentSnapshotSetId} earlier and store
   * it, and after a crashed requestor may be handed another backup's id; here it is always this
   * session's.
   */
  Optional<SnapshotSetId> snapshotSetId();

  /** How the session ended. */
  ShutdownCause cause();

  /** Whether this writer received BackupComplete for this session. */
  boolean backupCompleteDelivered();
}
