package dev.quiesce.examples.postgres;

import dev.quiesce.api.AbortContext;
import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.BackupShutdownContext;
import dev.quiesce.api.BackupType;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnAbort;
import dev.quiesce.api.OnBackupShutdown;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnIdentify;
import dev.quiesce.api.OnPostRestore;
import dev.quiesce.api.OnPostSnapshot;
import dev.quiesce.api.OnPreRestore;
import dev.quiesce.api.OnPrepareBackup;
import dev.quiesce.api.OnPrepareSnapshot;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.PostRestoreContext;
import dev.quiesce.api.PostSnapshotContext;
import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.PrepareBackupContext;
import dev.quiesce.api.PrepareSnapshotContext;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterFailureException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of a PostgreSQL cluster, on PostgreSQL's own low-level base backup API.
 *
 * <p>PostgreSQL needs no freeze: it makes any copy of its files taken between {@code
 * pg_backup_start()} and {@code pg_backup_stop()} consistent by replaying, at restore, the WAL
 * written from the start's checkpoint to the stop. So PrepareSnapshot starts the backup (a fast
 * checkpoint, before the snapshot), the snapshot copies the files while the server runs on, and
 * PostSnapshot stops it, on the same connection (a non-exclusive backup belongs to its session).
 * Freeze and Thaw only check that the backup is still in progress: if its connection died, the
 * server aborted it and the copy could not be recovered, so the snapshot set is vetoed.
 *
 * <p>The WAL from the start to the stop must travel with the backup, but the snapshot is taken
 * before the stop and its copy of {@code pg_wal} is of no use (copied at another moment than the
 * data files, its segments renamed and recycled as they are copied; it is excluded). It comes from
 * the WAL archive that {@code archive_command} fills: {@code pg_backup_stop(wait_for_archive =>
 * true)} returns once the last segment is archived, and PostSnapshot copies the segments from the
 * start's to the stop's into the snapshot's copy of {@link PostgresCluster#backupWal()}, a
 * directory of the component that is empty on the live system ({@link WalCompletion}). So a backup
 * carries its own WAL and nothing more, whatever the archive holds. The {@code backup_label} and
 * {@code tablespace_map} the stop returns, with the WAL range, are the component's backup metadata
 * ({@link BackupRecord}); the last segment and the start time are its backup stamp ({@link
 * BackupStamp}), from which the next incremental backup declares the files unchanged since.
 *
 * <p>At restore the writer puts them back ({@link RecoveryFiles}): the label, {@code
 * recovery.signal}, and a {@code restore_command} reading the backup's own WAL with {@code
 * recovery_target = 'immediate'}, so the server recovers to the end of the backup and is promoted
 * there. In place, PreRestore stops the server through {@link ServerControl} and moves its data
 * directory aside (files newer than the backup must not be recovered with it), PostRestore starts
 * it and waits for its recovery to end. PrepareBackup refuses, naming what to change, a server
 * whose backups could not be restored ({@link ServerChecks}).
 */
@Writer(
    name = "postgresql",
    level = ApplicationLevel.BACK_END,
    source = SourceType.TRANSACTED_DB,
    freezeTimeoutMillis = 30_000)
public final class PostgresWriter {
  private static final Logger log = LoggerFactory.getLogger(PostgresWriter.class);

  /** The component this writer declares: the data directory and the WAL the backup needs. */
  public static final String COMPONENT = "cluster";

  /** How much earlier than the base's start a file must have been modified to be taken as is. */
  private static final Duration MTIME_MARGIN = Duration.ofSeconds(2);

  private final PostgresCluster cluster;
  private final InPlaceRestore inPlace;

  /** A writer of {@code cluster} that restores in place through {@code control}. */
  @Inject
  public PostgresWriter(PostgresCluster cluster, ServerControl control) {
    this.cluster = cluster;
    this.inPlace = new InPlaceRestore(cluster, control);
  }

  @OnIdentify
  void identify(IdentifyContext ctx) {
    Path data = cluster.dataDirectory();
    ctx.component(COMPONENT)
        .database()
        .caption("PostgreSQL cluster " + data)
        .files(data, "*", true)
        .files(cluster.backupWal(), "*", false);
    // Incremental and differential backups store only the files that changed since their base:
    // the relation files written since, and the backup's own WAL.
    ctx.backupSchema(EnumSet.of(BackupType.FULL, BackupType.INCREMENTAL, BackupType.DIFFERENTIAL));
    // What PostgreSQL's documentation says a base backup should omit: the server recreates it,
    // and some of it (pg_wal's segments, temporary files) is renamed or deleted while copied.
    for (String dir :
        List.of(
            "pg_wal",
            "pg_stat_tmp",
            "pg_replslot",
            "pg_dynshmem",
            "pg_notify",
            "pg_serial",
            "pg_snapshots",
            "pg_subtrans")) {
      ctx.excludeFiles(data.resolve(dir), "*", true);
    }
    for (String file :
        List.of(
            "postmaster.pid",
            "postmaster.opts",
            "backup_label",
            "backup_label.old",
            "tablespace_map",
            "recovery.signal",
            "standby.signal")) {
      ctx.excludeFiles(data, file, false);
    }
    ctx.excludeFiles(data, "pgsql_tmp*", true);
    ctx.excludeFiles(data, "*.tmp", true);
  }

  /** Refuses a server whose backups could not be restored (see {@link ServerChecks}). */
  @OnPrepareBackup
  void prepareBackup(PrepareBackupContext ctx)
      throws SQLException, IOException, WriterFailureException {
    List<String> problems;
    try (Connection c = cluster.connect()) {
      problems = ServerChecks.problems(c, cluster);
    }
    if (problems.isEmpty()) {
      Files.createDirectories(cluster.backupWal());
    }
    Optional<BackupStamp> previous =
        ctx.previousBackupStamp(COMPONENT).flatMap(BackupStamp::decode);
    if (previous.isPresent()) {
      // Files untouched since before the base's copy began are the base's: not read again. The
      // margin covers the coarse modification times of some filesystems.
      ctx.addDifferencedFilesByLastModifyTime(
          COMPONENT,
          cluster.dataDirectory(),
          "*",
          true,
          previous.get().started().minus(MTIME_MARGIN));
      log.info(
          "session {}: {} backup on a base that started at {}, its WAL ending at {}",
          ctx.sessionId(),
          ctx.backupType(),
          previous.get().started(),
          previous.get().lastSegment());
    }
    if (!problems.isEmpty()) {
      throw new WriterFailureException(
          WriterFailure.NON_RETRYABLE,
          "PostgreSQL at "
              + cluster.jdbcUrl()
              + " cannot be backed up so that it restores: "
              + String.join("; ", problems));
    }
  }

  /** Starts the base backup (a fast checkpoint) on a connection kept until PostSnapshot. */
  @OnPrepareSnapshot
  void prepareSnapshot(PrepareSnapshotContext ctx, BackupInProgress backup) throws SQLException {
    Connection c = cluster.connect();
    try {
      long segmentSize = ServerChecks.walSegmentSize(c);
      Instant startedAt = Instant.now();
      try (PreparedStatement start = c.prepareStatement("SELECT pg_backup_start(?, true)")) {
        start.setString(1, "quiesce " + ctx.currentSnapshotSetId());
        start.execute();
      }
      backup.started(c, segmentSize, startedAt);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    log.info("session {}: base backup started", ctx.sessionId());
  }

  /**
   * Nothing to hold still (see the class comment); vetoes the snapshot if the backup was lost,
   * since a copy taken without it could not be recovered.
   */
  @OnFreeze
  void freeze(FreezeContext ctx, BackupInProgress backup)
      throws SQLException, WriterFailureException {
    Optional<Connection> c = backup.connection();
    if (c.isEmpty() || !c.get().isValid(10)) {
      backup.end();
      throw lost("a copy taken now");
    }
  }

  /**
   * Nothing to resume; fails (so the set is aborted) if the backup was lost while the snapshot was
   * taken: the copy would have no label to recover from. After a Freeze that found it lost already,
   * there is nothing left to check.
   */
  @OnThaw
  void thaw(ThawContext ctx, BackupInProgress backup) throws SQLException, WriterFailureException {
    Optional<Connection> c = backup.connection();
    if (c.isPresent() && !c.get().isValid(10)) {
      backup.end();
      throw lost("the copy just taken");
    }
  }

  private static WriterFailureException lost(String copy) {
    return new WriterFailureException(
        WriterFailure.RETRYABLE,
        "the base backup's connection to PostgreSQL is gone, so the server aborted the backup and "
            + copy
            + " could not be recovered; back up again");
  }

  /**
   * Stops the base backup once its WAL is archived, completes the snapshot with that WAL, and keeps
   * the label as backup metadata and the stamp.
   */
  @OnPostSnapshot
  void postSnapshot(PostSnapshotContext ctx, BackupInProgress backup)
      throws SQLException, IOException {
    Connection c =
        backup
            .connection()
            .orElseThrow(() -> new IllegalStateException("no base backup in progress"));
    BackupRecord record;
    try (PreparedStatement stop =
            c.prepareStatement(
                "SELECT labelfile, spcmapfile, pg_walfile_name(lsn)"
                    + " FROM pg_backup_stop(wait_for_archive => true)");
        ResultSet r = stop.executeQuery()) {
      r.next();
      String label = r.getString(1);
      String map = Optional.ofNullable(r.getString(2)).orElse("");
      record = new BackupRecord(label, map, WalSegment.startOf(label).fileName(), r.getString(3));
    } finally {
      backup.end();
    }
    List<WalSegment> wal =
        WalSegment.parse(record.firstSegment())
            .through(WalSegment.parse(record.lastSegment()), backup.segmentSize());
    WalCompletion.copy(
        cluster.walArchive(), ctx.snapshotPathOf(cluster.backupWal()), wal, backup.segmentSize());
    ctx.setBackupMetadata(COMPONENT, record.encode());
    // The next incremental or differential backup is told where this one's WAL ended and when it
    // started copying.
    ctx.setBackupStamp(
        COMPONENT, new BackupStamp(record.lastSegment(), backup.startedAt()).encode());
    log.info(
        "session {}: base backup stopped; WAL {} to {} ({} segments) is in the snapshot",
        ctx.sessionId(),
        record.firstSegment(),
        record.lastSegment(),
        wal.size());
  }

  @OnAbort
  void abort(AbortContext ctx, BackupInProgress backup) throws SQLException {
    if (backup.end()) {
      log.info("session {}: base backup aborted", ctx.sessionId());
    }
  }

  @OnBackupShutdown
  void shutdown(BackupShutdownContext ctx, BackupInProgress backup) throws SQLException {
    if (backup.end()) {
      log.warn("session {} ended with its base backup in progress; aborted", ctx.sessionId());
    }
  }

  /**
   * Refuses a backup it cannot recover (no backup_label kept with it) before anything is written;
   * in place, then stops the server and moves its data directory aside.
   */
  @OnPreRestore
  void preRestore(PreRestoreContext ctx) throws IOException {
    record(ctx.backupMetadata(COMPONENT));
    if (ctx.restoreTarget(COMPONENT).isEmpty()) {
      inPlace.stopServer();
    }
  }

  /**
   * Makes the restored files recover to the end of the backup; in place, starts the server and
   * waits until it has. Elsewhere (the restore's alternate location, or a new target for the
   * component) the files are only prepared: whoever starts a server on them gets the recovery.
   */
  @OnPostRestore
  void postRestore(PostRestoreContext ctx) throws IOException, SQLException {
    Optional<Path> target = ctx.restoreTarget(COMPONENT);
    FileRestoreStatus status = ctx.fileRestoreStatus(COMPONENT);
    if (status != FileRestoreStatus.ALL) {
      // Nothing, or not all, was written: in place, the server goes back to the data it had.
      if (target.isEmpty()) {
        inPlace.rollBack();
      }
      if (status == FileRestoreStatus.FAILED) {
        throw new IOException(
            "the files of "
                + COMPONENT
                + " were restored only in part, so they cannot recover"
                + (target.isEmpty()
                    ? "; PostgreSQL runs on the data it had"
                    : "; they were not prepared to"));
      }
      return;
    }
    BackupRecord record = record(ctx.backupMetadata(COMPONENT));
    if (target.isPresent()) {
      Path under = target.get();
      Path data = reroot(under, cluster.dataDirectory());
      RecoveryFiles.prepare(
          data,
          reroot(under, cluster.backupWal()),
          Optional.of(reroot(under, cluster.walArchive())),
          record,
          Files.getOwner(cluster.dataDirectory()));
      log.info(
          "session {}: {} is ready to recover to the end of the backup", ctx.sessionId(), data);
      return;
    }
    inPlace.restartServer(record);
  }

  /** The backup's record, from the component's backup metadata. */
  private static BackupRecord record(Optional<String> metadata) throws IOException {
    if (metadata.isEmpty()) {
      throw new IOException(
          "the backup of "
              + COMPONENT
              + " has no backup_label in its backup metadata: it was not taken by this writer and"
              + " cannot be recovered; restore another backup");
    }
    try {
      return BackupRecord.decode(metadata.get());
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "the backup metadata of " + COMPONENT + " is not this writer's: " + e.getMessage(), e);
    }
  }

  private static Path reroot(Path under, Path original) {
    return under.resolve(original.getRoot().relativize(original).toString());
  }
}
