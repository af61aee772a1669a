package dev.quiesce.runtime.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.SnapshotSetSteps;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member's snapshot set steps driven over the daemon's socket: the whole set under the
 * requestor's id, its scope, a set-close while a step waits, and a requestor whose connection ends
 * between steps (its writers thawed at once, BackupShutdown REQUESTOR_LOST, the window freed).
 */
class DaemonSetStepsTest {
  private static final Duration AWAIT = Duration.ofSeconds(10);
  private static final Duration WINDOW = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static Rig rig() {
    return Rig.builder()
        .componentFiles(Rig.PATHS.get(0))
        .writer("front", ApplicationLevel.FRONT_END, 20_000)
        .writer("back", ApplicationLevel.BACK_END, 20_000)
        .build();
  }

  private static void freezeAll(SnapshotSetSteps steps) {
    for (ApplicationLevel level : ApplicationLevel.values()) {
      steps.freeze(level);
    }
  }

  private static void thawAll(SnapshotSetSteps steps) {
    for (ApplicationLevel level :
        List.of(ApplicationLevel.SYSTEM, ApplicationLevel.BACK_END, ApplicationLevel.FRONT_END)) {
      steps.thaw(level);
    }
  }

  @Test
  void aSetMemberOverTheSocketTakesTheSetUnderTheRequestorsId() throws Exception {
    SnapshotSetId id = SnapshotSetId.random();
    try (Rig rig = rig();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "set")) {
      SessionId session;
      try (BackupSession backup = remote.openBackup(BackupOptions.full())) {
        session = backup.id();
        backup.prepareForBackup();
        try (SnapshotSetSteps steps = backup.beginSnapshotSet(id, Rig.PATHS, WINDOW)) {
          assertEquals(Instant.MAX, steps.thawDeadline());
          steps.prepare();
          freezeAll(steps);
          assertNotEquals(Instant.MAX, steps.thawDeadline(), "the daemon said when it thaws");
          assertThrows(IllegalStateException.class, steps::finish, "out of order");
          steps.snapshot();
          thawAll(steps);
          try (SnapshotSet set = steps.finish()) {
            assertEquals(id, set.id());
            assertTrue(set.quiesced());
            Path original = Rig.PATHS.get(0).resolve("some/file");
            assertEquals(original.toAbsolutePath(), set.pathOf(original));
          }
        }
        backup.selectedComponents().forEach(c -> backup.setBackupSucceeded(c, true));
        backup.backupComplete();
      }
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(session, ShutdownCause.COMPLETED, AWAIT);
        assertEquals(
            id, w.recorder().awaitEvent(session, WriterEvent.FREEZE, AWAIT).snapshotSetId().get());
        assertEquals(
            id,
            w.recorder()
                .awaitEvent(session, WriterEvent.BACKUP_SHUTDOWN, AWAIT)
                .snapshotSetId()
                .get());
      }
    }
  }

  @Test
  void aRemoteMemberMaySnapshotOnlyItsSelectedComponentsFiles() throws Exception {
    Path data = dir.resolve("data");
    try (Rig rig = Rig.builder().componentFiles(data).writer("db").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "set");
        BackupSession backup = remote.openBackup(BackupOptions.full())) {
      backup.prepareForBackup();
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> backup.beginSnapshotSet(SnapshotSetId.random(), List.of(dir), WINDOW));
      assertTrue(e.getMessage().contains("outside the components"), e.getMessage());
    }
  }

  @Test
  void setCloseWhileAFreezeHangsThawsWhoWasFrozenAndAbortsTheSet() throws Exception {
    try (Rig rig = rig();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "set")) {
      rig.w("back").faults().inject(WriterEvent.FREEZE, Fault.hang());
      SessionId session;
      try (BackupSession backup = remote.openBackup(BackupOptions.full())) {
        session = backup.id();
        backup.prepareForBackup();
        SnapshotSetSteps steps = backup.beginSnapshotSet(SnapshotSetId.random(), Rig.PATHS, WINDOW);
        steps.prepare();
        steps.freeze(ApplicationLevel.FRONT_END);
        CompletableFuture<Void> backEnd =
            CompletableFuture.runAsync(() -> steps.freeze(ApplicationLevel.BACK_END));
        assertTrue(rig.w("back").faults().awaitFault(WriterEvent.FREEZE, AWAIT));
        steps.close();
        ExecutionException e =
            assertThrows(
                ExecutionException.class, () -> backEnd.get(AWAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof QuiesceException, e.toString());
        rig.w("front").recorder().awaitEvent(session, WriterEvent.THAW, AWAIT);
      }
      rig.w("back").faults().releaseHangs();
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(session, ShutdownCause.ABORTED, AWAIT);
      }
    }
  }

  @Test
  void aConnectionEndingBetweenStepsThawsAtOnceAndFreesTheWindow() throws Exception {
    try (Rig rig = rig();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")))) {
      SessionId session;
      RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "set");
      BackupSession backup = remote.openBackup(BackupOptions.full());
      session = backup.id();
      backup.prepareForBackup();
      SnapshotSetSteps steps = backup.beginSnapshotSet(SnapshotSetId.random(), Rig.PATHS, WINDOW);
      steps.prepare();
      freezeAll(steps);
      remote.close(); // the requestor goes away while every writer is frozen
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(session, ShutdownCause.REQUESTOR_LOST, AWAIT);
      }
      steps.close(); // nothing left to do: the daemon ended the session
      try (RemoteCoordinator again = RemoteCoordinator.connect(daemon.socket(), "set");
          BackupSession next = again.openBackup(BackupOptions.full())) {
        next.prepareForBackup();
        try (SnapshotSetSteps s =
            next.beginSnapshotSet(SnapshotSetId.random(), Rig.PATHS, WINDOW)) {
          s.prepare();
          freezeAll(s);
          s.snapshot();
          thawAll(s);
          s.finish().close();
        }
        next.backupComplete();
      }
    }
  }
}
