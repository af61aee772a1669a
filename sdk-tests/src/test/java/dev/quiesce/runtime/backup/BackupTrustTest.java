package dev.quiesce.runtime.backup;

import static dev.quiesce.api.WriterEvent.ABORT;
import static dev.quiesce.api.WriterEvent.BACKUP_COMPLETE;
import static dev.quiesce.api.WriterEvent.BACKUP_SHUTDOWN;
import static dev.quiesce.api.WriterEvent.FREEZE;
import static dev.quiesce.api.WriterEvent.IDENTIFY;
import static dev.quiesce.api.WriterEvent.POST_SNAPSHOT;
import static dev.quiesce.api.WriterEvent.PREPARE_BACKUP;
import static dev.quiesce.api.WriterEvent.PREPARE_SNAPSHOT;
import static dev.quiesce.api.WriterEvent.THAW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.QuiescePolicy;
import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.archive.ArchiveReader;
import dev.quiesce.runtime.archive.ArchiveVerifier;
import dev.quiesce.runtime.archive.FileEntry;
import dev.quiesce.runtime.archive.InvalidArchiveException;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.QuiesceOutcome;
import dev.quiesce.runtime.snapshot.CommandResult;
import dev.quiesce.runtime.snapshot.CommandRunner;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.snapshot.ProcessCommandRunner;
import dev.quiesce.runtime.testing.SmallTmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways a backup could claim more than it had: a file that vanished while the snapshot was
 * copied (judged by whether its writer was frozen), and a disk that filled while the archive was
 * written (no BackupComplete, BackupShutdown ABORTED, nothing that passes for an archive).
 */
class BackupTrustTest {
  @TempDir Path tmp;
  private Path dbDir;
  private Path filesDir;
  private Path shadow;
  private Path archive;

  @BeforeEach
  void setUp() throws IOException {
    dbDir = Data.tree(tmp.resolve("live/db"));
    filesDir = Data.tree(tmp.resolve("live/files"));
    shadow = tmp.resolve("shadow");
    archive = tmp.resolve("archive");
  }

  private BackupRig rig(CopySnapshotProvider provider) {
    return BackupRig.builder(provider)
        .writer("db", ApplicationLevel.BACK_END, dbDir)
        .writer("files", ApplicationLevel.FRONT_END, filesDir)
        .build();
  }

  /** Runs the real {@code cp}, deleting {@code victim} just before the snapshot's first copy. */
  private static final class DeleteBeforeCopy implements CommandRunner {
    private final ProcessCommandRunner real = new ProcessCommandRunner();
    private final Path victim;
    final AtomicInteger copies = new AtomicInteger();

    DeleteBeforeCopy(Path victim) {
      this.victim = victim;
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
      if (command.contains("--parents") && copies.getAndIncrement() == 0) {
        Files.delete(victim);
      }
      return real.run(command, timeout);
    }

    @Override
    public boolean isInstalled(String program) {
      return real.isInstalled(program);
    }
  }

  private CopySnapshotProvider deleting(DeleteBeforeCopy runner) {
    assumeTrue(
        runner.isInstalled("cp") && new ProcessCommandRunner().isInstalled("cp"),
        "GNU cp is not on PATH: the cp path cannot run here");
    // No pre-copy: the first copy is then the one inside the freeze, where the file must vanish.
    return CopySnapshotProvider.builder()
        .shadowRoot(shadow)
        .commandRunner(runner)
        .noPreCopy()
        .build();
  }

  @Test
  void aFrozenWritersFileVanishingFailsTheBackupNamingItUnderTheFailPolicy() throws IOException {
    Path victim = dbDir.resolve("orders.log");
    DeleteBeforeCopy runner = new DeleteBeforeCopy(victim);
    try (BackupRig rig = rig(deleting(runner))) {
      QuiesceException e =
          assertThrows(
              QuiesceException.class,
              () -> rig.app.backup(BackupOptions.full(), archive, ProgressListener.none()));

      assertTrue(runner.copies.get() > 0, "the file went between the listing and the copy");
      assertTrue(e.getMessage().contains("did not hold their files still"), e.getMessage());
      assertTrue(e.getMessage().contains("writer 'db': [" + victim + "]"), e.getMessage());
      assertTrue(e.getMessage().contains("CONTINUE_CRASH_CONSISTENT"), e.getMessage());
      WriterStatus db =
          e.failedWriters().stream().filter(s -> s.name().equals("db")).findFirst().orElseThrow();
      assertEquals(WriterState.FAILED_AT_FREEZE, db.state());
      assertEquals(WriterFailure.INCONSISTENT_SNAPSHOT, db.failure().orElseThrow());
      assertTrue(db.error().orElseThrow().contains(victim.toString()), db.toString());
      assertEquals(List.of("db"), e.failedWriters().stream().map(WriterStatus::name).toList());
      SessionId session = rig.onlySession();
      for (BackupRig.W w : rig.all()) {
        w.recorder()
            .assertSequence(
                session,
                IDENTIFY,
                PREPARE_BACKUP,
                PREPARE_SNAPSHOT,
                FREEZE,
                THAW,
                ABORT,
                BACKUP_SHUTDOWN);
        w.recorder().assertInvariants(session);
        w.recorder().assertOneShutdown(session, ShutdownCause.ABORTED);
      }
      assertFalse(Files.exists(archive), "no archive");
      assertEquals(Map.of(), TreeState.of(shadow), "the shadow copy is deleted");
    }
  }

  @Test
  void aFrozenWritersFileVanishingUnderContinueMakesItCrashConsistentNamingTheFile()
      throws IOException {
    Path victim = dbDir.resolve("orders.log");
    try (BackupRig rig = rig(deleting(new DeleteBeforeCopy(victim)))) {
      BackupReport report =
          rig.app.backup(
              BackupOptions.full().onQuiesceFailure(QuiescePolicy.CONTINUE_CRASH_CONSISTENT),
              archive,
              ProgressListener.none());

      Manifest manifest = ArchiveVerifier.verify(archive);
      assertEquals(report.manifest(), manifest);
      assertEquals(QuiesceOutcome.Status.CRASH_CONSISTENT, manifest.outcome().status());
      String reason = manifest.outcome().reason();
      assertTrue(reason.contains("db"), reason);
      assertTrue(reason.contains("did not hold its files still"), reason);
      assertTrue(reason.contains("vanished between the snapshot's listing and its copy"), reason);
      assertTrue(reason.contains(victim.toString()), reason);
      assertFalse(
          manifest.files().stream().map(FileEntry::originalPath).anyMatch(victim::equals),
          "the vanished file is not in the archive");
      SessionId session = rig.onlySession();
      rig.w("db")
          .recorder()
          .assertSequence(
              session,
              IDENTIFY,
              PREPARE_BACKUP,
              PREPARE_SNAPSHOT,
              FREEZE,
              THAW,
              ABORT,
              BACKUP_SHUTDOWN);
      rig.w("files")
          .recorder()
          .assertSequence(
              session,
              IDENTIFY,
              PREPARE_BACKUP,
              PREPARE_SNAPSHOT,
              FREEZE,
              THAW,
              POST_SNAPSHOT,
              BACKUP_COMPLETE,
              BACKUP_SHUTDOWN);
      for (BackupRig.W w : rig.all()) {
        w.recorder().assertInvariants(session);
      }
    }
  }

  @Test
  void aFileTheWriterExcludesVanishingLeavesTheBackupQuiesced() throws IOException {
    Path lock = dbDir.resolve("db.lck"); // excluded by the writer: not its data
    try (BackupRig rig = rig(deleting(new DeleteBeforeCopy(lock)))) {
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());

      Manifest manifest = ArchiveVerifier.verify(archive);
      assertEquals(QuiesceOutcome.quiesced(), manifest.outcome());
      SessionId session = rig.onlySession();
      for (BackupRig.W w : rig.all()) {
        w.recorder().assertOneShutdown(session, ShutdownCause.COMPLETED);
      }
    }
  }

  @Test
  void aBackupOntoAFullDiskFailsNamingTheFileWithNoBackupCompleteAndShutdownAborted()
      throws Exception {
    // A 3 MiB database file for a 1 MiB file system.
    Path big = Files.write(dbDir.resolve("big.db"), Data.bytes(3 * 1024 * 1024, 3));
    try (SmallTmpfs small = SmallTmpfs.mount(tmp.resolve("small"), "1m");
        BackupRig rig = rig(new CopySnapshotProvider(shadow))) {
      Path target = small.dir().resolve("backup");

      IOException e =
          assertThrows(
              IOException.class,
              () -> rig.app.backup(BackupOptions.full(), target, ProgressListener.none()));

      assertTrue(e.getMessage().startsWith("cannot write the copy of " + big), e.getMessage());
      assertTrue(e.getMessage().contains("is full (No space left on device)"), e.getMessage());
      assertTrue(e.getMessage().contains("free that much there"), e.getMessage());
      SessionId session = rig.onlySession();
      for (BackupRig.W w : rig.all()) {
        assertFalse(w.recorder().eventTypes(session).contains(BACKUP_COMPLETE));
        assertFalse(
            w.recorder()
                .assertOneShutdown(session, ShutdownCause.ABORTED)
                .backupCompleteDelivered());
        w.recorder().assertInvariants(session);
      }
      assertFalse(Files.exists(target.resolve(Manifest.FILE_NAME)), "no manifest.json");
      InvalidArchiveException refused =
          assertThrows(InvalidArchiveException.class, () -> ArchiveReader.readManifest(target));
      assertTrue(refused.getMessage().contains("manifest.json"), refused.getMessage());
      assertThrows(InvalidArchiveException.class, () -> ArchiveVerifier.verify(target));
      assertEquals(Map.of(), TreeState.of(shadow), "the shadow copy is released");
    }
  }
}
