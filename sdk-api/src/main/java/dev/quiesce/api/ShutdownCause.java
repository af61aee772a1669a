package dev.quiesce.api;

/**
 * Why a session ended, given to BackupShutdown so a writer can tell a good backup from an abandoned
 * one without tracking which events it saw. VSS gives only the snapshot set id and leaves each
 * writer to work this out.
 */
public enum ShutdownCause {
  /** The requestor called BackupComplete, then closed the session: the backup is good. */
  COMPLETED,
  /** The backup was aborted: a veto, a timeout, a provider failure or the requestor's abort. */
  ABORTED,
  /** The requestor closed the session (or dropped it unclosed) before BackupComplete. */
  RELEASED_EARLY,
  /** The requestor's process, connection or lease died: nobody is left to finish the backup. */
  REQUESTOR_LOST,
  /**
   * The coordinator was closed (the application is shutting down) while the session was open: the
   * backup did not finish, and no later event of it will come.
   */
  COORDINATOR_CLOSED
}
