package dev.quiesce.examples.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL cluster a {@link PostgresWriter} backs up: where its files are and how to reach
 * it. The writer needs file access to both directories (it runs on the server's machine) and a
 * superuser, or a role granted {@code pg_backup_start} and {@code pg_backup_stop}.
 *
 * @param dataDirectory the data directory ({@code PGDATA}); the server's {@code data_directory}
 * @param walArchive the directory the server's {@code archive_command} copies finished WAL segments
 *     into; the writer backs it up with the data directory, and takes the WAL a backup needs from
 *     it
 * @param jdbcUrl the JDBC URL of any database of the cluster
 * @param user the role to connect as
 */
public record PostgresCluster(Path dataDirectory, Path walArchive, String jdbcUrl, String user) {
  /** The SQLSTATE of "the database system is starting up" (or not yet accepting connections). */
  private static final String CANNOT_CONNECT_NOW = "57P03";

  /** The name of {@link #backupWal()} in the WAL archive. */
  private static final String BACKUP_WAL = "quiesce-backup-wal";

  /** Checks the fields and makes the paths absolute. */
  public PostgresCluster {
    dataDirectory = dataDirectory.toAbsolutePath().normalize();
    walArchive = walArchive.toAbsolutePath().normalize();
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    if (walArchive.startsWith(dataDirectory)) {
      throw new IllegalArgumentException(
          "the WAL archive "
              + walArchive
              + " is inside the data directory "
              + dataDirectory
              + ": keep it outside, PostgreSQL's files and the archive's are restored differently");
    }
  }

  /**
   * Where each backup carries the WAL it needs: a directory of the writer's in the WAL archive,
   * empty on the live system, which the writer fills in the snapshot's copy (only the segments from
   * the backup's start to its stop, not the whole archive).
   */
  public Path backupWal() {
    return walArchive.resolve(BACKUP_WAL);
  }

  /** Opens a connection as {@link #user}. */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  /**
   * Waits until the server accepts connections and is out of recovery (promoted), as after a
   * restore: a bounded poll, since PostgreSQL tells nobody when its recovery ends.
   *
   * @throws SQLException if it is not within {@code timeout}, or refuses for another reason than
   *     starting up or recovering
   */
  public void awaitOutOfRecovery(Duration timeout) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Connection c = connect();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT pg_is_in_recovery()")) {
        r.next();
        if (!r.getBoolean(1)) {
          return;
        }
      } catch (SQLException e) {
        if (!CANNOT_CONNECT_NOW.equals(e.getSQLState())) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new SQLException(
            "PostgreSQL at " + jdbcUrl + " is still recovering after " + timeout + "; see its log");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /**
   * An {@code archive_command} that copies each finished segment into {@code archive} and never
   * overwrites one (PostgreSQL's documented example): the writer accepts it, or any other command
   * that names the archive directory.
   */
  public static String archiveCommandFor(Path archive) {
    String dir = archive.toAbsolutePath().normalize().toString();
    return "test ! -f \"" + dir + "/%f\" && cp \"%p\" \"" + dir + "/%f\"";
  }
}
