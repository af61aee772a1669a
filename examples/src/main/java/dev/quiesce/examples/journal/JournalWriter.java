package dev.quiesce.examples.journal;

import dev.quiesce.api.AbortContext;
import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.BackupCompleteContext;
import dev.quiesce.api.BackupType;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnAbort;
import dev.quiesce.api.OnBackupComplete;
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
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterFailureException;
import dev.quiesce.api.metadata.RestoreMethod;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of a {@link Journal}: a store that is not a database. It handles all eleven events, to
 * show what each is for:
 *
 * <ul>
 *   <li>Identify describes the journal (its active file and sealed segments) as one component,
 *       which supports incremental and differential backups;
 *   <li>PrepareBackup of an incremental or differential backup checks the journal still holds the
 *       records its base had (the stamp it left there), and says its sealed segments are unchanged
 *       since they were sealed, so only new segments and the active file are stored;
 *   <li>PrepareSnapshot forces the file to disk, Freeze holds appends, Thaw lets them go on;
 *   <li>PostSnapshot checks the copy ends on a record boundary, and vetoes an inconsistent one; it
 *       leaves the number of records as the backup's stamp;
 *   <li>BackupComplete and BackupShutdown record the backup by the snapshot set id the runtime
 *       captured for <em>this</em> session, right even when two backups run at once;
 *   <li>PreRestore and PostRestore close and reopen the file around an in-place restore.
 * </ul>
 */
@Writer(
    name = "journal",
    level = ApplicationLevel.BACK_END,
    source = SourceType.OTHER,
    freezeTimeoutMillis = 10_000)
public final class JournalWriter {
  private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);

  /** The component this writer declares. */
  public static final String COMPONENT = "journal";

  private final Journal journal;
  private final List<SnapshotSetId> completed = new CopyOnWriteArrayList<>();
  private final List<SessionEnd> ended = new CopyOnWriteArrayList<>();

  /** How a backup session of this writer ended: its captured id and the cause. */
  public record SessionEnd(
      SessionId session, Optional<SnapshotSetId> snapshotSetId, ShutdownCause cause) {}

  @Inject
  JournalWriter(Journal journal) {
    this.journal = journal;
  }

  @OnIdentify
  void identify(IdentifyContext ctx) {
    ctx.component(COMPONENT)
        .caption("append-only journal, one record per line")
        .files(journal.directory(), journal.file().getFileName() + "*", false);
    ctx.restoreMethod(RestoreMethod.STOP_RESTORE_START);
    ctx.backupSchema(Set.of(BackupType.INCREMENTAL, BackupType.DIFFERENTIAL));
  }

  @OnPrepareBackup
  void prepareBackup(PrepareBackupContext ctx, BackupRun run) throws WriterFailureException {
    run.type = ctx.backupType();
    Optional<String> stamp = ctx.previousBackupStamp(COMPONENT);
    if (stamp.isEmpty()) {
      return;
    }
    long before = recordsIn(stamp.get());
    long now = journal.recordCount();
    if (before > now) {
      throw new WriterFailureException(
          WriterFailure.NON_RETRYABLE,
          "the journal holds "
              + now
              + " records but its base backup had "
              + before
              + ": it was reset or restored since, so a "
              + run.type
              + " backup on that base would be wrong; take a FULL backup");
    }
    // Sealed segments are never written again: those the base holds are unchanged.
    ctx.addDifferencedFilesByLastModifyTime(
        COMPONENT, journal.directory(), journal.segmentPattern(), false, Instant.now());
    log.info("{} backup: {} records since the base backup", run.type, now - before);
  }

  private static long recordsIn(String stamp) throws WriterFailureException {
    try {
      return Long.parseLong(stamp);
    } catch (NumberFormatException e) {
      throw new WriterFailureException(
          WriterFailure.NON_RETRYABLE,
          "the base backup's stamp '" + stamp + "' is not a record count: not this journal's");
    }
  }

  @OnPrepareSnapshot
  void prepareSnapshot(PrepareSnapshotContext ctx) throws IOException {
    journal.flush();
  }

  @OnFreeze
  void freeze(FreezeContext ctx, BackupRun run) throws IOException, InterruptedException {
    long waitMillis = Math.max(1, Duration.between(Instant.now(), ctx.deadline()).toMillis());
    run.hold(journal.holdAppends(waitMillis));
    run.records = journal.recordCount();
  }

  @OnThaw
  void thaw(BackupRun run, ThawContext ctx) {
    run.releaseHold();
  }

  @OnPostSnapshot
  void postSnapshot(PostSnapshotContext ctx, SnapshotSetId id, BackupRun run)
      throws IOException, WriterFailureException {
    Path copy = ctx.snapshotPathOf(journal.file());
    if (!Journal.isWhole(copy)) {
      throw new WriterFailureException(
          WriterFailure.INCONSISTENT_SNAPSHOT,
          "the copy of " + journal.file() + " in snapshot set " + id + " ends in a torn record");
    }
    ctx.setBackupStamp(COMPONENT, Long.toString(run.records));
  }

  @OnAbort
  void abort(AbortContext ctx, BackupRun run) {
    // Thaw always comes before Abort for a writer that froze; releasing again is harmless.
    run.releaseHold();
    log.info("backup {} aborted (snapshot set {})", ctx.sessionId(), ctx.snapshotSetId());
  }

  @OnBackupComplete
  void backupComplete(BackupCompleteContext ctx, Optional<SnapshotSetId> id) {
    if (ctx.backupSucceeded(COMPONENT)) {
      id.ifPresent(completed::add);
    }
  }

  @OnBackupShutdown
  void backupShutdown(
      SessionId session, Optional<SnapshotSetId> id, ShutdownCause cause, BackupRun run) {
    if (run.releaseHold()) {
      log.warn("backup {} ended while holding journal appends; released", session);
    }
    ended.add(new SessionEnd(session, id, cause));
  }

  @OnPreRestore
  void preRestore(PreRestoreContext ctx) throws IOException {
    if (ctx.alternateLocation().isEmpty()) {
      journal.closeFile();
    }
  }

  @OnPostRestore
  void postRestore(PostRestoreContext ctx) throws IOException {
    journal.reopen();
  }

  /** The snapshot sets of the backups that completed, in order. */
  public List<SnapshotSetId> completedBackups() {
    return List.copyOf(completed);
  }

  /** How each backup session ended, in order. */
  public List<SessionEnd> endedSessions() {
    return List.copyOf(ended);
  }
}
