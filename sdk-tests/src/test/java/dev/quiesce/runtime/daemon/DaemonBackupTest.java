package dev.quiesce.runtime.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.Requestor;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.fixtures.HeldProvider;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A requestor driving backups through the daemon's socket: the whole sequence, errors mapped back
 * to the in-process exceptions, abort from another thread, and sessions tied to the connection.
 */
class DaemonBackupTest {
  private static final Duration AWAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void aFullBackupOverTheSocketIsTheSameSequenceAsInProcess() throws Exception {
    ConcurrentLinkedQueue<Requestor> seen = new ConcurrentLinkedQueue<>();
    try (Rig rig =
            Rig.builder()
                .componentFiles(Rig.PATHS.get(0))
                .writer("orders")
                .writer("billing")
                .build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "nightly")) {
      rig.w("orders").writer().on(WriterEvent.IDENTIFY, (ctx, rec) -> seen.add(ctx.requestor()));
      SessionId id;
      try (BackupSession backup = remote.openBackup(BackupOptions.full())) {
        id = backup.id();
        List<WriterMetadata> metadata = backup.gatherWriterMetadata();
        assertEquals(
            List.of("billing", "orders"),
            metadata.stream().map(WriterMetadata::writerName).sorted().toList());
        backup.prepareForBackup();
        try (SnapshotSet set = backup.doSnapshotSet(Rig.PATHS)) {
          assertTrue(set.quiesced());
          Path original = Rig.PATHS.get(0).resolve("some/file");
          assertEquals(original.toAbsolutePath(), set.pathOf(original)); // pass-through provider
          assertEquals(
              set.id(),
              rig.w("orders")
                  .recorder()
                  .awaitEvent(id, WriterEvent.FREEZE, AWAIT)
                  .snapshotSetId()
                  .orElseThrow());
        }
        List<ComponentRef> selected = backup.selectedComponents();
        assertEquals(2, selected.size());
        selected.forEach(c -> backup.setBackupSucceeded(c, true));
        backup.backupComplete();
        assertTrue(backup.gatherWriterStatus().stream().noneMatch(s -> s.failed()));
      }
      for (Rig.W w : rig.all()) {
        w.recorder()
            .assertSequence(
                id,
                WriterEvent.IDENTIFY,
                WriterEvent.PREPARE_BACKUP,
                WriterEvent.PREPARE_SNAPSHOT,
                WriterEvent.FREEZE,
                WriterEvent.THAW,
                WriterEvent.POST_SNAPSHOT,
                WriterEvent.BACKUP_COMPLETE,
                WriterEvent.BACKUP_SHUTDOWN);
        w.recorder().assertOneShutdown(id, ShutdownCause.COMPLETED);
      }
      Requestor requestor = seen.remove();
      assertEquals("nightly", requestor.name());
      assertEquals(ProcessHandle.current().pid(), requestor.pid());
      assertEquals(System.getProperty("user.name"), requestor.user());
      assertEquals(2, remote.writers().size());
      assertTrue(rig.coordinator.activeSessions().isEmpty());
    }
  }

  @Test
  void aVetoArrivesAsTheSameQuiesceExceptionWithTheFailedWriter() throws Exception {
    try (Rig rig =
            Rig.builder()
                .componentFiles(Rig.PATHS.get(0))
                .writer("orders")
                .writer("billing")
                .build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "nightly")) {
      rig.w("billing")
          .faults()
          .inject(WriterEvent.FREEZE, Fault.fail(WriterFailure.RETRYABLE, "busy"));
      try (BackupSession backup = remote.openBackup(BackupOptions.full())) {
        backup.prepareForBackup();
        QuiesceException e =
            assertThrows(QuiesceException.class, () -> backup.doSnapshotSet(Rig.PATHS));
        assertEquals(backup.id(), e.session());
        assertEquals(List.of("billing"), e.failedWriters().stream().map(s -> s.name()).toList());
        assertEquals(WriterFailure.RETRYABLE, e.failedWriters().get(0).failure().orElseThrow());
        assertTrue(e.getMessage().contains("vetoed"), e.getMessage());
        rig.w("orders").recorder().awaitEvent(backup.id(), WriterEvent.ABORT, AWAIT);
      }
      assertThrows(
          IllegalArgumentException.class,
          () -> {
            try (BackupSession b = remote.openBackup(BackupOptions.full())) {
              b.select(new ComponentRef("nobody", "nothing"));
            }
          });
    }
  }

  @Test
  void abortFromAnotherThreadStopsARunningSnapshotSet() throws Exception {
    HeldProvider held = new HeldProvider();
    try (Rig rig =
            Rig.builder().componentFiles(Rig.PATHS.get(0)).writer("orders").provider(held).build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "nightly");
        BackupSession backup = remote.openBackup(BackupOptions.full())) {
      backup.prepareForBackup();
      CompletableFuture<SnapshotSet> running =
          CompletableFuture.supplyAsync(() -> backup.doSnapshotSet(Rig.PATHS));
      assertTrue(held.taking().await(10, TimeUnit.SECONDS));
      backup.abort();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof QuiesceException, e.getCause().toString());
      Rig.W orders = rig.w("orders");
      orders.recorder().awaitEvent(backup.id(), WriterEvent.ABORT, AWAIT);
      held.release();
      backup.close();
      orders.recorder().assertInvariants(backup.id());
      orders.recorder().assertOneShutdown(backup.id(), ShutdownCause.ABORTED);
    }
  }

  @Test
  void closingTheConnectionThawsFrozenWritersAndEndsTheSessionAsLost() throws Exception {
    HeldProvider held = new HeldProvider();
    try (Rig rig =
            Rig.builder()
                .componentFiles(Rig.PATHS.get(0))
                .writer("orders")
                .writer("billing")
                .provider(held)
                .build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")))) {
      RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "nightly");
      BackupSession backup = remote.openBackup(BackupOptions.full());
      backup.prepareForBackup();
      CompletableFuture<SnapshotSet> running =
          CompletableFuture.supplyAsync(() -> backup.doSnapshotSet(Rig.PATHS));
      assertTrue(held.taking().await(10, TimeUnit.SECONDS));
      remote.close();
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(backup.id(), ShutdownCause.REQUESTOR_LOST, AWAIT);
        assertTrue(w.recorder().eventTypes(backup.id()).contains(WriterEvent.THAW));
      }
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
      QuiesceException lost = (QuiesceException) e.getCause();
      assertTrue(lost.getMessage().contains("REQUESTOR_LOST"), lost.getMessage());
      backup.close(); // nothing left to do, and no error
      held.release();
      Poll.until(
          () -> rig.coordinator.activeSessions().isEmpty(), AWAIT, "the lost session to end");
      assertFalse(remote.isConnected());
    }
  }

  @Test
  void aConnectionReachesOnlyItsOwnSessions() throws Exception {
    try (Rig rig = Rig.builder().componentFiles(Rig.PATHS.get(0)).writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RemoteCoordinator owner = RemoteCoordinator.connect(daemon.socket(), "owner");
        RemoteCoordinator other = RemoteCoordinator.connect(daemon.socket(), "other");
        BackupSession backup = owner.openBackup(BackupOptions.full())) {
      BackupSession stolen = new RemoteBackupSession(other, backup.id());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, stolen::abort);
      assertTrue(e.getMessage().contains("no session " + backup.id()), e.getMessage());
      backup.prepareForBackup(); // untouched
      assertEquals(2, daemon.connectedRequestors());
    }
  }
}
