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

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.QuiescePolicy;
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
import dev.quiesce.runtime.testing.Fault;
import dev.quiesce.runtime.testing.SeenEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups that fail: the provider part way through its copy, the archive while it is written, a
 * selection of nothing, a writer's veto under each policy. Every frozen writer is thawed, every
 * writer is shut down with the right cause, and nothing that could pass for a backup is left.
 */
class BackupFailureTest {
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
    archive = Files.createDirectories(tmp.resolve("archive"));
  }

  private BackupRig rig(CopySnapshotProvider provider) {
    return BackupRig.builder(provider)
        .writer("db", ApplicationLevel.BACK_END, dbDir)
        .writer("files", ApplicationLevel.FRONT_END, filesDir)
        .build();
  }

  /**
   * Runs the real {@code cp} for everything but the snapshot copy, of which it copies the first
   * file only and then reports the disk full.
   */
  private static final class FailingCopyRunner implements CommandRunner {
    private final ProcessCommandRunner real = new ProcessCommandRunner();
    final AtomicBoolean copiedALittle = new AtomicBoolean();

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
      if (!command.contains("--parents")) {
        return real.run(command, timeout);
      }
      int files = command.indexOf("--") + 1;
      List<String> first = new ArrayList<>(command.subList(0, files + 1));
      real.run(first, timeout).requireSuccess("the first file of the snapshot copy");
      copiedALittle.set(true);
      return new CommandResult(
          command, 1, "", "cp: error writing '" + command.get(files + 1) + "': No space left");
    }

    @Override
    public boolean isInstalled(String program) {
      return real.isInstalled(program);
    }
  }

  private void assertNoBackupIn(Path dir) throws IOException {
    InvalidArchiveException e =
        assertThrows(InvalidArchiveException.class, () -> ArchiveReader.readManifest(dir));
    assertTrue(e.getMessage().contains("has no manifest.json"), e.getMessage());
    assertEquals(Map.of(), TreeState.of(dir), "the archive directory is left empty");
  }

  @Test
  void aProviderFailingPartWayThawsAbortsAndLeavesNoArchive() throws IOException {
    FailingCopyRunner runner = new FailingCopyRunner();
    // No pre-copy: the first copy is then the one inside the freeze, which is to fail.
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder().shadowRoot(shadow).commandRunner(runner).noPreCopy().build();
    try (BackupRig rig = rig(provider)) {
      QuiesceException e =
          assertThrows(
              QuiesceException.class,
              () -> rig.app.backup(BackupOptions.full(), archive, ProgressListener.none()));

      assertTrue(runner.copiedALittle.get(), "the provider failed part way, not up front");
      assertTrue(e.getMessage().contains("snapshot provider 'copy' failed"), e.getMessage());
      assertTrue(e.getMessage().contains("No space left"), e.getMessage());
      SessionId session = rig.onlySession();
      assertEquals(session, e.session());
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
      assertNoBackupIn(archive);
      assertEquals(Map.of(), TreeState.of(shadow), "the partial shadow copy is deleted");
      assertTrue(rig.coordinator.activeSessions().isEmpty());
    }
  }

  @Test
  void aSnapshotFileVanishingWhileTheArchiveIsWrittenLeavesNoArchiveAndNoBackupComplete()
      throws IOException {
    try (BackupRig rig = rig(new CopySnapshotProvider(shadow))) {
      // The listener is first told before any byte is copied, after the files were listed: take
      // one of them out of the snapshot then.
      AtomicBoolean removed = new AtomicBoolean();
      Path[] victim = new Path[1];
      ProgressListener remover =
          progress -> {
            if (removed.compareAndSet(false, true)) {
              try (Stream<Path> copies = Files.walk(shadow)) {
                victim[0] =
                    copies
                        .filter(p -> p.endsWith(Path.of("db/sub/index.idx")))
                        .findFirst()
                        .orElseThrow();
                Files.delete(victim[0]);
              } catch (IOException ex) {
                throw new AssertionError(ex);
              }
            }
          };

      IOException e =
          assertThrows(
              IOException.class, () -> rig.app.backup(BackupOptions.full(), archive, remover));

      assertTrue(removed.get());
      assertFalse(e instanceof InvalidArchiveException, e.toString());
      assertTrue(
          e.getMessage().contains(dbDir.resolve("sub/index.idx").toString()), e.getMessage());
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
                POST_SNAPSHOT,
                BACKUP_SHUTDOWN);
        w.recorder().assertInvariants(session);
        assertFalse(
            w.recorder()
                .assertOneShutdown(session, ShutdownCause.ABORTED)
                .backupCompleteDelivered());
      }
      assertNoBackupIn(archive);
      assertEquals(Map.of(), TreeState.of(shadow), "the shadow copy is released");
    }
  }

  @Test
  void anArchivePathThatIsAFileFailsTheBackupAndIsLeftAlone() throws IOException {
    Path notADirectory = Files.writeString(tmp.resolve("not-a-directory"), "keep me");
    try (BackupRig rig = rig(new CopySnapshotProvider(shadow))) {
      IOException e =
          assertThrows(
              IOException.class,
              () -> rig.app.backup(BackupOptions.full(), notADirectory, ProgressListener.none()));

      assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
      assertEquals("keep me", Files.readString(notADirectory));
      SessionId session = rig.onlySession();
      for (BackupRig.W w : rig.all()) {
        assertFalse(w.recorder().eventTypes(session).contains(BACKUP_COMPLETE));
        w.recorder().assertOneShutdown(session, ShutdownCause.ABORTED);
        w.recorder().assertInvariants(session);
      }
    }
  }

  @Test
  void aSecondBackupIntoTheSameArchiveIsRefusedAndTheFirstStaysValid() throws IOException {
    try (BackupRig rig = rig(new CopySnapshotProvider(shadow))) {
      BackupReport firstReport =
          rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      Manifest first = firstReport.manifest();
      Map<String, String> firstArchive = TreeState.of(archive);
      Files.writeString(dbDir.resolve("orders.db"), "changed since the first backup");

      IOException e =
          assertThrows(
              IOException.class,
              () -> rig.app.backup(BackupOptions.full(), archive, ProgressListener.none()));

      assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
      assertEquals(firstArchive, TreeState.of(archive), "the first archive is untouched");
      assertEquals(first, ArchiveVerifier.verify(archive));
      List<SeenEvent> events = rig.w("db").recorder().events();
      SessionId second = events.get(events.size() - 1).session();
      assertFalse(second.equals(firstReport.session()), "the second backup ran a session");
      for (BackupRig.W w : rig.all()) {
        assertFalse(w.recorder().eventTypes(second).contains(BACKUP_COMPLETE));
        w.recorder().assertOneShutdown(second, ShutdownCause.ABORTED);
      }
    }
  }

  @Test
  void aSelectionOfNothingIsAClearErrorAndTheWritersAreShutDown() throws IOException {
    try (BackupRig rig = rig(new CopySnapshotProvider(shadow))) {
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  rig.app.backup(
                      BackupOptions.full().selectingNothing(), archive, ProgressListener.none()));

      assertTrue(e.getMessage().contains("selects no component"), e.getMessage());
      assertTrue(e.getMessage().contains("[db, files]"), e.getMessage());
      SessionId session = rig.onlySession();
      for (BackupRig.W w : rig.all()) {
        w.recorder().assertSequence(session, IDENTIFY, BACKUP_SHUTDOWN);
        w.recorder().assertOneShutdown(session, ShutdownCause.RELEASED_EARLY);
      }
      assertEquals(Map.of(), TreeState.of(archive));
      assertEquals(Map.of(), TreeState.of(shadow));
      assertTrue(rig.coordinator.activeSessions().isEmpty());
    }
  }

  @Test
  void aSelectionOfAnUnknownWriterIsAClearErrorToo() throws IOException {
    try (BackupRig rig = rig(new CopySnapshotProvider(shadow))) {
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  rig.app.backup(
                      BackupOptions.full().onlyWriters("no-such-writer"),
                      archive,
                      ProgressListener.none()));
      assertTrue(e.getMessage().contains("selects no component"), e.getMessage());
      SessionId session = rig.onlySession();
      for (BackupRig.W w : rig.all()) {
        w.recorder().assertOneShutdown(session, ShutdownCause.RELEASED_EARLY);
      }
      assertEquals(Map.of(), TreeState.of(archive));
    }
  }

  @Test
  void aFreezeVetoUnderContinueCrashConsistentIsRecordedInTheArchive() throws IOException {
    try (BackupRig rig = rig(new CopySnapshotProvider(shadow))) {
      rig.w("db").faults().inject(FREEZE, Fault.fail(WriterFailure.RETRYABLE, "checkpoint busy"));

      rig.app.backup(
          BackupOptions.full().onQuiesceFailure(QuiescePolicy.CONTINUE_CRASH_CONSISTENT),
          archive,
          ProgressListener.none());

      Manifest manifest = ArchiveReader.readManifest(archive);
      assertEquals(QuiesceOutcome.Status.CRASH_CONSISTENT, manifest.outcome().status());
      String reason = manifest.outcome().reason();
      assertTrue(reason.contains("db"), reason);
      assertTrue(reason.contains("CONTINUE_CRASH_CONSISTENT"), reason);
      assertTrue(reason.contains("checkpoint busy"), reason);
      assertFalse(reason.contains("files"), reason);
      // The crash-consistent copy holds both writers' data: that is what going on means.
      for (BackupRig.W w : rig.all()) {
        assertTrue(
            manifest.files().stream()
                .map(FileEntry::originalPath)
                .anyMatch(p -> p.equals(w.dir().resolve("orders.db"))),
            w.name() + "'s files are archived");
      }
      SessionId session = rig.onlySession();
      BackupRig.W db = rig.w("db");
      db.recorder()
          .assertSequence(
              session,
              IDENTIFY,
              PREPARE_BACKUP,
              PREPARE_SNAPSHOT,
              FREEZE,
              THAW,
              ABORT,
              BACKUP_SHUTDOWN);
      db.recorder().assertInvariants(session);
      BackupRig.W files = rig.w("files");
      files
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
      files.recorder().assertOneShutdown(session, ShutdownCause.COMPLETED);
      rig.app.restore(archive, Optional.of(tmp.resolve("restored")), ProgressListener.none());
    }
  }

  @Test
  void aFreezeVetoUnderTheDefaultPolicyFailsTheBackupAndLeavesNoArchive() throws IOException {
    try (BackupRig rig = rig(new CopySnapshotProvider(shadow))) {
      rig.w("db").faults().inject(FREEZE, Fault.fail(WriterFailure.RETRYABLE, "checkpoint busy"));

      QuiesceException e =
          assertThrows(
              QuiesceException.class,
              () -> rig.app.backup(BackupOptions.full(), archive, ProgressListener.none()));

      assertTrue(e.getMessage().contains("checkpoint busy"), e.getMessage());
      assertEquals(List.of("db"), e.failedWriters().stream().map(s -> s.name()).toList());
      SessionId session = rig.onlySession();
      for (BackupRig.W w : rig.all()) {
        // files (FRONT_END) froze first, then db (BACK_END) vetoed: both are thawed, then aborted
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
      assertNoBackupIn(archive);
      assertEquals(Map.of(), TreeState.of(shadow));
    }
  }
}
