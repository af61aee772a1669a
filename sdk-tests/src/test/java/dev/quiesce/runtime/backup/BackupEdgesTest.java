package dev.quiesce.runtime.backup;

import static dev.quiesce.api.WriterEvent.BACKUP_COMPLETE;
import static dev.quiesce.api.WriterEvent.IDENTIFY;
import static dev.quiesce.api.WriterEvent.POST_RESTORE;
import static dev.quiesce.api.WriterEvent.PRE_RESTORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.QuiescePolicy;
import dev.quiesce.runtime.archive.ArchiveReader;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.QuiesceOutcome;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup application at its edges: a writer that cannot describe itself, a BackupComplete that
 * fails after the archive is whole, a restore that fails after PreRestore.
 */
class BackupEdgesTest {
  @TempDir Path tmp;
  private Path dbDir;
  private Path filesDir;
  private Path archive;

  @BeforeEach
  void setUp() throws IOException {
    dbDir = Data.tree(tmp.resolve("live/db"));
    filesDir = Data.tree(tmp.resolve("live/files"));
    archive = Files.createDirectories(tmp.resolve("archive"));
  }

  private BackupRig rig() {
    return BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow")))
        .writer("db", ApplicationLevel.BACK_END, dbDir)
        .writer("files", ApplicationLevel.FRONT_END, filesDir)
        .build();
  }

  @Test
  void aWriterFailingIdentifyFailsTheBackupUnderTheFailPolicy() throws IOException {
    try (BackupRig rig = rig()) {
      rig.w("db").faults().inject(IDENTIFY, Fault.fail(WriterFailure.RETRYABLE, "catalog locked"));

      QuiesceException e =
          assertThrows(
              QuiesceException.class,
              () -> rig.app.backup(BackupOptions.full(), archive, ProgressListener.none()));

      assertTrue(e.getMessage().contains("failed Identify"), e.getMessage());
      assertTrue(e.getMessage().contains("db"), e.getMessage());
      assertFalse(Files.exists(archive.resolve("manifest.json")));
      SessionId session = rig.onlySession();
      rig.w("files").recorder().assertOneShutdown(session, ShutdownCause.ABORTED);
    }
  }

  @Test
  void aWriterFailingIdentifyIsNamedInTheManifestWhenTheBackupGoesOn() throws IOException {
    try (BackupRig rig = rig()) {
      rig.w("db").faults().inject(IDENTIFY, Fault.fail(WriterFailure.RETRYABLE, "catalog locked"));

      BackupReport report =
          rig.app.backup(
              BackupOptions.full().onQuiesceFailure(QuiescePolicy.CONTINUE_CRASH_CONSISTENT),
              archive,
              ProgressListener.none());

      QuiesceOutcome outcome = ArchiveReader.readManifest(archive).outcome();
      assertEquals(QuiesceOutcome.Status.QUIESCED, outcome.status());
      assertEquals("writers that failed Identify are not in this backup: db", outcome.reason());
      assertEquals(
          List.of("files"),
          report.manifest().writers().stream().map(w -> w.metadata().writerName()).toList());
    }
  }

  @Test
  void aWriterFailingIdentifyOutsideTheSelectionDoesNotFailTheBackup() throws IOException {
    try (BackupRig rig = rig()) {
      rig.w("db").faults().inject(IDENTIFY, Fault.fail(WriterFailure.RETRYABLE, "catalog locked"));

      rig.app.backup(BackupOptions.full().onlyWriters("files"), archive, ProgressListener.none());

      assertEquals(QuiesceOutcome.quiesced(), ArchiveReader.readManifest(archive).outcome());
    }
  }

  @Test
  void aFailingBackupCompleteLeavesTheWholeArchiveABackup() throws IOException {
    try (BackupRig rig = rig()) {
      rig.w("db").faults().inject(BACKUP_COMPLETE, Fault.fail(WriterFailure.RETRYABLE, "log busy"));

      BackupReport report = rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());

      assertEquals(report.manifest(), ArchiveReader.readManifest(archive));
      assertEquals(
          WriterState.FAILED_AT_BACKUP_COMPLETE,
          rig.coordinator.writers().stream()
              .filter(s -> s.name().equals("db"))
              .findFirst()
              .orElseThrow()
              .state());
      rig.w("db").recorder().assertOneShutdown(report.session(), ShutdownCause.COMPLETED);
    }
  }

  /**
   * One writer vetoes PreRestore after the other stopped its data for the restore: nothing is
   * written, and every writer that got PreRestore gets PostRestore, so none is left stopped.
   */
  @Test
  void aVetoedPreRestoreWritesNothingAndStillSendsPostRestore() throws IOException {
    try (BackupRig rig = rig()) {
      BackupReport report = rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      rig.w("db").faults().inject(PRE_RESTORE, Fault.fail(WriterFailure.RETRYABLE, "in use"));
      Path target = tmp.resolve("restored");

      assertThrows(
          QuiesceException.class,
          () -> rig.app.restore(archive, Optional.of(target), ProgressListener.none()));

      assertFalse(Files.exists(target), "nothing was written");
      for (BackupRig.W w : rig.all()) {
        assertEquals(
            List.of(IDENTIFY, PRE_RESTORE, POST_RESTORE),
            w.eventsOutside(report.session()),
            w.name());
      }
    }
  }

  @Test
  void postRestoreFollowsPreRestoreEvenWhenTheRestoreFails() throws IOException {
    try (BackupRig rig = rig()) {
      BackupReport report = rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      Path target = tmp.resolve("restored");
      // Once PreRestore was delivered (the files were checked and written beside their targets by
      // then), something takes the place of a target: putting the files in place fails part way.
      AtomicInteger damaged = new AtomicInteger();
      rig.w("db")
          .writer()
          .on(
              PRE_RESTORE,
              (context, record) -> {
                Path first = Data.under(target, report.manifest().files().get(0).originalPath());
                Files.createDirectories(first);
                Files.writeString(first.resolve("in-the-way"), "a directory is not replaced");
                damaged.incrementAndGet();
              });

      assertThrows(
          IOException.class,
          () -> rig.app.restore(archive, Optional.of(target), ProgressListener.none()));

      assertEquals(1, damaged.get());
      for (BackupRig.W w : rig.all()) {
        List<WriterEvent> restoreEvents = w.eventsOutside(report.session());
        assertEquals(List.of(IDENTIFY, PRE_RESTORE, POST_RESTORE), restoreEvents, w.name());
      }
    }
  }
}
