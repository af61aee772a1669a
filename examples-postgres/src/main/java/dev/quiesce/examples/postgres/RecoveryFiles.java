package dev.quiesce.examples.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns restored files into a data directory PostgreSQL recovers from, as its rules for a low-level
 * base backup require: the {@code backup_label} (and {@code tablespace_map}) written back byte for
 * byte, the directories the backup left out re-created empty, {@code recovery.signal}, and in
 * {@code postgresql.auto.conf} a {@code restore_command} reading the backup's own WAL, with {@code
 * recovery_target = 'immediate'}: recovery replays the WAL up to the end of the backup, the first
 * consistent point, and the server is promoted there onto a new timeline, so that it never archives
 * over the WAL of the history it left. {@code hot_standby = off} keeps clients out until then: the
 * server accepts connections only once it is promoted.
 */
final class RecoveryFiles {
  /**
   * The directories of a data directory the backup leaves out (their contents are excluded, and an
   * archive holds files only) or that may be empty: PostgreSQL expects each to exist.
   */
  static final List<String> EMPTY_DIRECTORIES =
      List.of(
          "pg_wal/archive_status",
          "pg_commit_ts",
          "pg_dynshmem",
          "pg_logical/mappings",
          "pg_logical/snapshots",
          "pg_notify",
          "pg_replslot",
          "pg_serial",
          "pg_snapshots",
          "pg_stat",
          "pg_stat_tmp",
          "pg_subtrans",
          "pg_tblspc",
          "pg_twophase");

  private RecoveryFiles() {}

  /**
   * Prepares the restored data directory {@code data} to recover from {@code record}.
   *
   * @param backupWal the restored directory holding the WAL segments the backup needs
   * @param ownArchive where a copy restored under another directory archives its new WAL, so that
   *     it never archives into the original's archive; empty in place
   * @param owner who must own the files: the server refuses a data directory it does not own
   */
  static void prepare(
      Path data,
      Path backupWal,
      Optional<Path> ownArchive,
      BackupRecord record,
      UserPrincipal owner)
      throws IOException {
    for (String dir : EMPTY_DIRECTORIES) {
      Files.createDirectories(data.resolve(dir));
    }
    for (String segment : List.of(record.firstSegment(), record.lastSegment())) {
      if (!Files.isRegularFile(backupWal.resolve(segment))) {
        throw new IOException(
            "the restored WAL directory "
                + backupWal
                + " lacks "
                + segment
                + ", which the backup needs to recover; restore the whole component");
      }
    }
    write(data.resolve("backup_label"), record.backupLabel());
    if (!record.tablespaceMap().isEmpty()) {
      write(data.resolve("tablespace_map"), record.tablespaceMap());
    }
    write(data.resolve("recovery.signal"), "");
    String settings =
        String.join(
            "\n",
            "",
            "# Added by Quiesce's PostgreSQL writer at restore: recover to the end of the backup",
            "restore_command = 'cp \"" + backupWal + "/%f\" \"%p\"'",
            "recovery_target = 'immediate'",
            "recovery_target_action = 'promote'",
            "recovery_target_timeline = 'current'",
            "hot_standby = off",
            ownArchive
                .map(a -> "archive_command = '" + PostgresCluster.archiveCommandFor(a) + "'")
                .orElse(""),
            "");
    Files.writeString(
        data.resolve("postgresql.auto.conf"),
        settings,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    giveTo(owner, data);
    giveTo(owner, ownArchive.orElse(backupWal));
  }

  private static void write(Path file, String text) throws IOException {
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Gives the tree to {@code owner} where it is not theirs (changing it needs root). */
  private static void giveTo(UserPrincipal owner, Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        if (!Files.getOwner(p).equals(owner)) {
          Files.setOwner(p, owner);
        }
      }
    }
  }
}
