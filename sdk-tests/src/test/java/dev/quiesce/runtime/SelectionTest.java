package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.PrepareBackupContext;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.fixtures.ScriptDispatcher;
import dev.quiesce.runtime.fixtures.ScriptWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Only writers with a selected component get the events after Identify. */
class SelectionTest {

  @Test
  void unselectedWritersGetOnlyIdentifyAndTheCoordinatorsShutdown() {
    AtomicReference<Set<String>> components = new AtomicReference<>();
    AtomicReference<BackupType> type = new AtomicReference<>();
    try (Rig rig = Rig.builder().writer("chosen").writer("other").build()) {
      rig.w("chosen")
          .writer()
          .on(
              WriterEvent.PREPARE_BACKUP,
              (c, r) -> {
                components.set(((PrepareBackupContext) c).selectedComponents());
                type.set(((PrepareBackupContext) c).backupType());
              });
      BackupSession s =
          rig.coordinator.openBackup(
              BackupOptions.full()
                  .onlyComponents("chosen", "data")
                  .withBackupType(BackupType.INCREMENTAL));
      try (s) {
        assertEquals(List.of(), s.selectedComponents());
        s.prepareForBackup();
        assertEquals(List.of(new ComponentRef("chosen", "data")), s.selectedComponents());
        SnapshotSet set = s.doSnapshotSet(Rig.PATHS);
        assertFalse(set.frozenFor().isNegative());
        assertTrue(set.frozenFor().compareTo(Duration.ofSeconds(5)) < 0);
        s.backupComplete();
      }
      rig.w("other")
          .recorder()
          .assertSequence(s.id(), WriterEvent.IDENTIFY, WriterEvent.BACKUP_SHUTDOWN);
      rig.w("other").recorder().assertOneShutdown(s.id(), ShutdownCause.COMPLETED);
      assertEquals(8, rig.w("chosen").recorder().eventTypes(s.id()).size());
      assertEquals(Set.of("data"), components.get());
      assertEquals(BackupType.INCREMENTAL, type.get());
    }
  }

  @Test
  void aWriterWhoseIdentifyDeclaresNoComponentIsWarnedAbout() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    // the tests' SLF4J binding (slf4j-simple) prints to whatever System.err is at the time
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (Rig rig = Rig.builder().writer("declares").build()) {
      rig.coordinator.subscribe(new ScriptDispatcher("empty"), new ScriptWriter(List.of()));
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        assertEquals(2, s.gatherWriterMetadata().size());
        s.prepareForBackup();
        s.backupComplete();
      }
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    err.print(log);
    assertTrue(log.contains("writer 'empty' declared no component in Identify"), log);
    assertFalse(log.contains("writer 'declares' declared no component"), log);
  }

  @Test
  void selectAddsToAnEmptySelectionAndRefusesUnknownComponents() {
    try (Rig rig = Rig.builder().writer("a").writer("b").build()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full().selectingNothing());
      try (s) {
        s.gatherWriterMetadata();
        assertThrows(IllegalArgumentException.class, () -> s.select(new ComponentRef("a", "nope")));
        s.select(new ComponentRef("b", "data"));
        s.prepareForBackup();
        s.backupComplete();
      }
      rig.w("a")
          .recorder()
          .assertSequence(s.id(), WriterEvent.IDENTIFY, WriterEvent.BACKUP_SHUTDOWN);
      rig.w("b")
          .recorder()
          .assertSequence(
              s.id(),
              WriterEvent.IDENTIFY,
              WriterEvent.PREPARE_BACKUP,
              WriterEvent.BACKUP_COMPLETE,
              WriterEvent.BACKUP_SHUTDOWN);
    }
  }

  @Test
  void onlyWritersSelectsEveryComponentOfThem() {
    try (Rig rig = Rig.builder().writer("a").writer("b").build()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full().onlyWriters("a"));
      try (s) {
        s.prepareForBackup();
      }
      assertEquals(3, rig.w("a").recorder().eventTypes(s.id()).size());
      assertEquals(2, rig.w("b").recorder().eventTypes(s.id()).size());
    }
  }
}
