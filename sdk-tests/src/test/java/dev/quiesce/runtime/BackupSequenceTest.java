package dev.quiesce.runtime;

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

import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterState;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.SeenEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The normal sequence, and how each way of ending a session shows in BackupShutdown. */
class BackupSequenceTest {

  @Test
  void fullBackupDeliversEveryEventInOrderAndShutdownLastWithTheSessionsId() {
    try (Rig rig = Rig.builder().writer("db").build()) {
      SnapshotSetId id;
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        List<WriterMetadata> md = s.gatherWriterMetadata();
        assertEquals("db", md.get(0).writerName());
        s.prepareForBackup();
        try (SnapshotSet set = s.doSnapshotSet(Rig.PATHS)) {
          id = set.id();
          assertTrue(set.quiesced());
          assertEquals(Rig.PATHS.get(0), set.pathOf(Rig.PATHS.get(0)));
          assertEquals(
              WriterState.WAITING_FOR_BACKUP_COMPLETE, s.gatherWriterStatus().get(0).state());
        }
        s.setBackupSucceeded(new ComponentRef("db", "data"), true);
        s.backupComplete();
      }
      var rec = rig.w("db").recorder();
      rec.assertSequence(
          s.id(),
          IDENTIFY,
          PREPARE_BACKUP,
          PREPARE_SNAPSHOT,
          FREEZE,
          THAW,
          POST_SNAPSHOT,
          BACKUP_COMPLETE,
          BACKUP_SHUTDOWN);
      rec.assertInvariants(s.id());
      SeenEvent shutdown = rec.assertOneShutdown(s.id(), ShutdownCause.COMPLETED);
      assertEquals(Optional.of(id), shutdown.snapshotSetId());
      assertTrue(shutdown.backupCompleteDelivered());
      assertEquals(WriterState.STABLE, rig.coordinator.writers().get(0).state());
      assertEquals(Optional.of(s.id()), rig.coordinator.writers().get(0).session());
      assertTrue(rig.coordinator.activeSessions().isEmpty());
    }
  }

  @Test
  void closedBeforeBackupCompleteIsReleasedEarly() {
    try (Rig rig = Rig.builder().writer("db").build()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      SnapshotSetId id;
      try (s) {
        s.prepareForBackup();
        id = s.doSnapshotSet(Rig.PATHS).id();
      }
      SeenEvent shutdown =
          rig.w("db").recorder().assertOneShutdown(s.id(), ShutdownCause.RELEASED_EARLY);
      assertEquals(Optional.of(id), shutdown.snapshotSetId());
      assertFalse(shutdown.backupCompleteDelivered());
    }
  }

  @Test
  void abortBeforeSnapshotGivesAbortThenShutdownAborted() {
    try (Rig rig = Rig.builder().writer("db").build()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        s.prepareForBackup();
        s.abort();
        s.abort();
        assertThrows(IllegalStateException.class, () -> s.doSnapshotSet(Rig.PATHS));
      }
      var rec = rig.w("db").recorder();
      rec.assertSequence(s.id(), IDENTIFY, PREPARE_BACKUP, ABORT, BACKUP_SHUTDOWN);
      assertEquals(
          Optional.empty(), rec.assertOneShutdown(s.id(), ShutdownCause.ABORTED).snapshotSetId());
    }
  }

  @Test
  void abortAfterPostSnapshotSendsNoAbort() {
    try (Rig rig = Rig.builder().writer("db").build()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        s.prepareForBackup();
        s.doSnapshotSet(Rig.PATHS);
        s.abort();
        assertThrows(IllegalStateException.class, s::backupComplete);
      }
      var rec = rig.w("db").recorder();
      rec.assertSequence(
          s.id(),
          IDENTIFY,
          PREPARE_BACKUP,
          PREPARE_SNAPSHOT,
          FREEZE,
          THAW,
          POST_SNAPSHOT,
          BACKUP_SHUTDOWN);
      rec.assertOneShutdown(s.id(), ShutdownCause.ABORTED);
    }
  }

  @Test
  void backupWithoutSnapshotSkipsTheSnapshotEvents() {
    try (Rig rig = Rig.builder().writer("db").build()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        s.prepareForBackup();
        s.backupComplete();
      }
      var rec = rig.w("db").recorder();
      rec.assertSequence(s.id(), IDENTIFY, PREPARE_BACKUP, BACKUP_COMPLETE, BACKUP_SHUTDOWN);
      assertEquals(
          Optional.empty(), rec.assertOneShutdown(s.id(), ShutdownCause.COMPLETED).snapshotSetId());
    }
  }

  @Test
  void stepsOutOfOrderAreRefused() {
    try (Rig rig = Rig.builder().writer("db").build()) {
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        assertThrows(IllegalStateException.class, () -> s.doSnapshotSet(Rig.PATHS));
        s.prepareForBackup();
        assertThrows(IllegalStateException.class, s::prepareForBackup);
        s.doSnapshotSet(Rig.PATHS);
        assertThrows(IllegalStateException.class, () -> s.doSnapshotSet(Rig.PATHS));
        s.close();
        assertThrows(IllegalStateException.class, s::backupComplete);
      }
    }
  }

  @Test
  void snapshotSetIsReleasedWhenTheSessionEnds() {
    try (Rig rig = Rig.builder().writer("db").build()) {
      SnapshotSet set;
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup();
        set = s.doSnapshotSet(List.of(Path.of("relative/../dir")));
        assertEquals(Path.of("dir").toAbsolutePath(), set.paths().get(0));
      }
      assertThrows(IllegalStateException.class, () -> set.pathOf(Path.of("dir")));
    }
  }
}
