package dev.quiesce.examples.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the writer demands of the server before a backup, each for a reason PostgreSQL's rules give
 * (see {@code docs/POSTGRESQL.md}). A backup that could not be restored is refused up front, in
 * PrepareBackup, rather than found out at restore.
 */
final class ServerChecks {
  private ServerChecks() {}

  /**
   * Checks the server behind {@code c} against {@code cluster}.
   *
   * @return what is wrong, one sentence each saying what to change; empty if nothing is
   */
  static List<String> problems(Connection c, PostgresCluster cluster)
      throws SQLException, IOException {
    List<String> problems = new ArrayList<>();
    if (queryBoolean(c, "SELECT pg_is_in_recovery()")) {
      problems.add(
          "the server is a standby (in recovery): back up the primary, whose pg_backup_stop() can"
              + " switch and archive the last WAL segment the backup needs");
    }
    Path dataDirectory = Path.of(setting(c, "data_directory"));
    if (!sameFile(dataDirectory, cluster.dataDirectory())) {
      problems.add(
          "the server's data_directory is "
              + dataDirectory
              + ", not "
              + cluster.dataDirectory()
              + " which the writer backs up: give the writer the server's data directory");
    }
    String walLevel = setting(c, "wal_level");
    if (!walLevel.equals("replica") && !walLevel.equals("logical")) {
      problems.add(
          "wal_level is '"
              + walLevel
              + "': set it to 'replica' (and restart), a base backup cannot be recovered from"
              + " minimal WAL");
    }
    String archiveMode = setting(c, "archive_mode");
    if (!archiveMode.equals("on") && !archiveMode.equals("always")) {
      problems.add(
          "archive_mode is '"
              + archiveMode
              + "': set it to 'on' (and restart). The WAL written while the files are copied, up"
              + " to pg_backup_stop(), must reach "
              + cluster.walArchive()
              + "; the copy of pg_wal in the snapshot never has it");
    }
    String library = setting(c, "archive_library");
    String command = setting(c, "archive_command");
    if (!library.isEmpty() || !command.contains(cluster.walArchive().toString())) {
      problems.add(
          "archive_command must copy each segment into "
              + cluster.walArchive()
              + " (and archive_library be empty), e.g. archive_command = '"
              + PostgresCluster.archiveCommandFor(cluster.walArchive())
              + "'; it is '"
              + command
              + "'"
              + (library.isEmpty() ? "" : " with archive_library '" + library + "'"));
    }
    if (!Files.isDirectory(cluster.walArchive())) {
      problems.add("the WAL archive " + cluster.walArchive() + " is not a directory: create it");
    }
    List<String> tablespaces =
        queryStrings(
            c,
            "SELECT spcname FROM pg_tablespace WHERE spcname NOT IN ('pg_default', 'pg_global')"
                + " ORDER BY spcname");
    if (!tablespaces.isEmpty()) {
      problems.add(
          "the cluster has tablespaces "
              + tablespaces
              + ": they live outside the data directory behind symbolic links in pg_tblspc, which"
              + " no snapshot provider follows out of the snapshot set, so their data would be"
              + " missing from the backup; move their tables to pg_default");
    }
    if (queryBoolean(
        c,
        "SELECT coalesce(last_failed_time > coalesce(last_archived_time, 'epoch'), false)"
            + " FROM pg_stat_archiver")) {
      problems.add(
          "WAL archiving is failing (pg_stat_archiver's last failure is newer than its last"
              + " success): pg_backup_stop() would wait for it forever; fix archive_command first"
              + " (see the server log)");
    }
    return problems;
  }

  /** The server's {@code wal_segment_size}, in bytes. */
  static long walSegmentSize(Connection c) throws SQLException {
    return Long.parseLong(
        queryStrings(c, "SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'").get(0));
  }

  private static String setting(Connection c, String name) throws SQLException {
    try (var s = c.prepareStatement("SELECT current_setting(?)")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  private static boolean queryBoolean(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() && r.getBoolean(1);
    }
  }

  private static List<String> queryStrings(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        values.add(r.getString(1));
      }
    }
    return values;
  }

  private static boolean sameFile(Path a, Path b) throws IOException {
    return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b) : a.equals(b);
  }
}
