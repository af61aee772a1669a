package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.GcPoll;
import dev.quiesce.runtime.testing.SeenEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A requestor that drops its session unclosed: once the handle is collected, the coordinator ends
 * the session as REQUESTOR_LOST, with each writer's own snapshot set id. Also the seed scenario:
 * one writer in two concurrent backups, one of whose requestors vanishes.
 */
class RequestorVanishesTest {
  private static final Duration GC = Duration.ofSeconds(20);
  private static final Duration AWAIT = Duration.ofSeconds(10);

  /**
   * The requestor drops the session right after the step that delivered {@code event} (for Abort,
   * after abort(); for BackupShutdown, after BackupComplete, so collection raises it).
   */
  @ParameterizedTest(name = "dropped after {0}")
  @EnumSource(
      value = WriterEvent.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = {"PRE_RESTORE", "POST_RESTORE"})
  void droppedSessionIsEndedAsLostWithItsOwnId(WriterEvent event) throws Exception {
    try (Rig rig =
        Rig.builder()
            .writer("front", ApplicationLevel.FRONT_END, 2_000)
            .writer("back", ApplicationLevel.BACK_END, 2_000)
            .build()) {
      SessionId id = runAndDrop(rig, event);
      GcPoll.until(() -> !rig.coordinator.activeSessions().contains(id), GC, "collecting " + id);
      for (Rig.W w : rig.all()) {
        SeenEvent shutdown = w.recorder().awaitEvent(id, WriterEvent.BACKUP_SHUTDOWN, AWAIT);
        w.recorder().assertInvariants(id);
        w.recorder().assertOneShutdown(id, ShutdownCause.REQUESTOR_LOST);
        Optional<SnapshotSetId> seen =
            w.recorder().events(id).stream()
                .filter(e -> e.event().hasCurrentSnapshotSet())
                .map(e -> e.snapshotSetId().orElseThrow())
                .findFirst();
        assertEquals(seen, shutdown.snapshotSetId());
        assertEquals(
            event == WriterEvent.BACKUP_COMPLETE || event == WriterEvent.BACKUP_SHUTDOWN,
            shutdown.backupCompleteDelivered());
      }
      try (BackupSession next = rig.coordinator.openBackup(BackupOptions.full())) {
        next.prepareForBackup();
        next.doSnapshotSet(Rig.PATHS);
        next.backupComplete();
      }
    }
  }

  /** Runs the steps up to {@code event} and returns only the id: the handle becomes garbage. */
  private static SessionId runAndDrop(Rig rig, WriterEvent event) {
    BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
    s.gatherWriterMetadata();
    if (event == WriterEvent.IDENTIFY) {
      return s.id();
    }
    s.prepareForBackup();
    if (event == WriterEvent.PREPARE_BACKUP) {
      return s.id();
    }
    if (event == WriterEvent.ABORT) {
      s.abort();
      return s.id();
    }
    s.doSnapshotSet(Rig.PATHS);
    if (event.compareTo(WriterEvent.POST_SNAPSHOT) <= 0) {
      return s.id();
    }
    s.backupComplete();
    return s.id();
  }

  /**
   * The seed: one writer in two concurrent backups; one requestor vanishes after PostSnapshot. The
   * writer's BackupShutdown for it carries that session's own snapshot set id (REQUESTOR_LOST); the
   * other backup completes with its own id (COMPLETED).
   */
  @Test
  void oneWriterTwoBackupsOneRequestorVanishesAfterPostSnapshot() throws Exception {
    try (Rig rig = Rig.builder().writer("db").build()) {
      BackupSession survivor = rig.coordinator.openBackup(BackupOptions.full());
      survivor.gatherWriterMetadata();
      survivor.prepareForBackup();
      CompletableFuture<SessionId[]> lost =
          CompletableFuture.supplyAsync(() -> vanishingBackup(rig));
      SnapshotSetId survivorSet = survivor.doSnapshotSet(Rig.PATHS).id();
      SessionId lostSession = lost.get()[0];

      GcPoll.until(
          () -> !rig.coordinator.activeSessions().contains(lostSession),
          GC,
          "collecting the lost session");
      var rec = rig.w("db").recorder();
      SeenEvent lostShutdown = rec.awaitEvent(lostSession, WriterEvent.BACKUP_SHUTDOWN, AWAIT);
      SnapshotSetId lostSet =
          rec.events(lostSession).stream()
              .filter(e -> e.event() == WriterEvent.POST_SNAPSHOT)
              .findFirst()
              .orElseThrow()
              .snapshotSetId()
              .orElseThrow();

      survivor.setBackupSucceeded(new ComponentRef("db", "data"), true);
      survivor.backupComplete();
      survivor.close();

      assertNotEquals(lostSet, survivorSet);
      rec.assertOneShutdown(lostSession, ShutdownCause.REQUESTOR_LOST);
      assertEquals(Optional.of(lostSet), lostShutdown.snapshotSetId());
      SeenEvent done = rec.assertOneShutdown(survivor.id(), ShutdownCause.COMPLETED);
      assertEquals(Optional.of(survivorSet), done.snapshotSetId());
      assertTrue(done.backupCompleteDelivered());
      rec.assertInvariants(lostSession);
      rec.assertInvariants(survivor.id());
    }
  }

  private static SessionId[] vanishingBackup(Rig rig) {
    BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
    s.gatherWriterMetadata();
    s.prepareForBackup();
    s.doSnapshotSet(Rig.PATHS);
    return new SessionId[] {s.id()};
  }

  @Test
  void requestorLostWhileFrozenThawsThenAbortsThenShutsDownAtOnce() throws Exception {
    try (Rig rig = Rig.builder().writer("db").build()) {
      Rig.W db = rig.w("db");
      CompletableFuture<Void> frozen = new CompletableFuture<>();
      CompletableFuture<Void> lostDone = new CompletableFuture<>();
      db.writer()
          .on(
              WriterEvent.FREEZE,
              (ctx, rec) -> {
                frozen.complete(null);
                lostDone.get();
              });
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      s.prepareForBackup();
      CompletableFuture<Throwable> snapshot =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  s.doSnapshotSet(Rig.PATHS);
                  return null;
                } catch (RuntimeException e) {
                  return e;
                }
              });
      frozen.get();
      assertTrue(rig.coordinator.requestorLost(s.id()));
      lostDone.complete(null);
      assertTrue(snapshot.get() instanceof QuiesceException, String.valueOf(snapshot.get()));
      db.recorder().awaitEvent(s.id(), WriterEvent.BACKUP_SHUTDOWN, AWAIT);
      db.recorder()
          .assertSequence(
              s.id(),
              WriterEvent.IDENTIFY,
              WriterEvent.PREPARE_BACKUP,
              WriterEvent.PREPARE_SNAPSHOT,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.ABORT,
              WriterEvent.BACKUP_SHUTDOWN);
      db.recorder().assertOneShutdown(s.id(), ShutdownCause.REQUESTOR_LOST);
      assertTrue(!rig.coordinator.requestorLost(s.id()));
    }
  }
}
