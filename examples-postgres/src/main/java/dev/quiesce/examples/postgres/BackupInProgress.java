package dev.quiesce.examples.postgres;

import dev.quiesce.api.SessionState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * This session's base backup on the server, between {@code pg_backup_start()} (PrepareSnapshot) and
 * {@code pg_backup_stop()} (PostSnapshot). A non-exclusive backup belongs to the connection that
 * started it and must be stopped on that same connection; if the connection ends first, PostgreSQL
 * aborts the backup, which is how Abort and BackupShutdown end one that did not finish.
 */
@SessionState
final class BackupInProgress {
  private Connection connection;
  private long segmentSize;
  private Instant startedAt;

  synchronized void started(Connection c, long walSegmentSize, Instant startedAt) {
    if (connection != null) {
      throw new IllegalStateException("this session already started a base backup");
    }
    this.connection = c;
    this.segmentSize = walSegmentSize;
    this.startedAt = startedAt;
  }

  /** When {@code pg_backup_start()} was called: before any file was copied. */
  synchronized Instant startedAt() {
    return startedAt;
  }

  /** The connection the backup was started on, if it is in progress. */
  synchronized Optional<Connection> connection() {
    return Optional.ofNullable(connection);
  }

  synchronized long segmentSize() {
    return segmentSize;
  }

  /**
   * Forgets the backup and closes its connection, which aborts it on the server if it was not
   * stopped.
   *
   * @return whether a backup was in progress
   */
  synchronized boolean end() throws SQLException {
    if (connection == null) {
      return false;
    }
    Connection c = connection;
    connection = null;
    c.close();
    return true;
  }
}
