package dev.quiesce.examples.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.spi.WriterDispatcher;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.testing.BackupResult;
import dev.quiesce.runtime.testing.WriterHarness;
import dev.quiesce.runtime.testing.junit.WriterHarnessExtension;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JournalWriter} compiled through the processor as a Maven user compiles it, and its
 * generated dispatcher driven by the runtime: every event, the captured snapshot set id,
 * per-session state, and two backups at once.
 */
class JournalWriterTest {
  @TempDir Path dir;
  private Journal journal;

  @RegisterExtension
  final WriterHarnessExtension<JournalWriter> quiesce =
      WriterHarnessExtension.forWriter(JournalWriter.class)
          .configure(
              h ->
                  h.modules(binder -> binder.bind(Journal.class).toInstance(journal))
                      .paths(journal.directory()));

  @BeforeEach
  void openJournal() throws Exception {
    journal = new Journal(dir.resolve("journal/log"));
  }

  @AfterEach
  void closeJournal() throws Exception {
    journal.close();
  }

  @Test
  void theGeneratedDispatcherIsIndexedAndDescribesEveryEvent() {
    WriterDispatcher<?> dispatcher =
        ServiceLoader.load(WriterDispatcher.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(d -> d.descriptor().writerType() == JournalWriter.class)
            .findFirst()
            .orElseThrow(() -> new AssertionError("JournalWriter_Dispatcher is not in the index"));
    assertEquals(JournalWriter_Dispatcher.class, dispatcher.getClass());
    assertEquals("journal", dispatcher.descriptor().name());
    assertEquals(ApplicationLevel.BACK_END, dispatcher.descriptor().level());
    assertEquals(10_000, dispatcher.descriptor().freezeTimeoutMillis());
    assertEquals(EnumSet.allOf(WriterEvent.class), dispatcher.descriptor().handledEvents());
    assertEquals(java.util.Set.of(BackupRun.class), dispatcher.descriptor().sessionStateTypes());
  }

  @Test
  void everyEventReachesTheWriterAndTheCapturedIdReachesShutdown(
      WriterHarness<JournalWriter> harness) throws Exception {
    journal.append("before");
    BackupResult backup = harness.backup().assertSucceeded();
    SnapshotSetId id = backup.snapshotSetId().orElseThrow();
    harness
        .recording()
        .assertSequence(
            backup.session(),
            WriterEvent.IDENTIFY,
            WriterEvent.PREPARE_BACKUP,
            WriterEvent.PREPARE_SNAPSHOT,
            WriterEvent.FREEZE,
            WriterEvent.THAW,
            WriterEvent.POST_SNAPSHOT,
            WriterEvent.BACKUP_COMPLETE,
            WriterEvent.BACKUP_SHUTDOWN);
    assertEquals(List.of(id), harness.writer().completedBackups());
    assertEquals(
        List.of(
            new JournalWriter.SessionEnd(
                backup.session(), java.util.Optional.of(id), ShutdownCause.COMPLETED)),
        harness.writer().endedSessions());

    harness.restore();
    journal.append("after the restore");
    assertEquals(List.of("before", "after the restore"), Journal.readRecords(journal.file()));
  }

  @Test
  void twoBackupsAtOnceEachEndWithTheirOwnSnapshotSetId(WriterHarness<JournalWriter> harness)
      throws Exception {
    Coordinator coordinator = harness.coordinator();
    JournalWriter writer = harness.writer();

    BackupSession first = coordinator.openBackup(BackupOptions.full());
    BackupSession second = coordinator.openBackup(BackupOptions.full());
    first.prepareForBackup();
    second.prepareForBackup();
    SnapshotSet firstSet = first.doSnapshotSet(List.of(journal.directory()));
    journal.append("between the snapshots");
    SnapshotSet secondSet = second.doSnapshotSet(List.of(journal.directory()));
    assertNotEquals(firstSet.id(), secondSet.id());

    second.setBackupSucceeded(new ComponentRef("journal", JournalWriter.COMPONENT), true);
    second.backupComplete();
    second.close();
    first.close(); // released before BackupComplete

    List<JournalWriter.SessionEnd> ended = writer.endedSessions();
    assertEquals(
        List.of(
            new JournalWriter.SessionEnd(
                second.id(), java.util.Optional.of(secondSet.id()), ShutdownCause.COMPLETED),
            new JournalWriter.SessionEnd(
                first.id(), java.util.Optional.of(firstSet.id()), ShutdownCause.RELEASED_EARLY)),
        ended);
    assertEquals(List.of(secondSet.id()), writer.completedBackups());
    assertTrue(coordinator.activeSessions().isEmpty());
  }
}
