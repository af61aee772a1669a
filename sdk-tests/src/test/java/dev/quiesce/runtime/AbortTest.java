package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.runtime.fixtures.HeldProvider;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.Fault;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * abort() from another thread, an interrupted requestor, and the crash-consistent policy when a
 * writer hangs.
 */
class AbortTest {
  private static final Duration AWAIT = Duration.ofSeconds(10);

  @Test
  void abortFromAnotherThreadWhileFrozenThawsThenAbortsOnce() throws Exception {
    CountDownLatch frozen = new CountDownLatch(1);
    CountDownLatch aborted = new CountDownLatch(1);
    try (Rig rig =
        Rig.builder()
            .writer("front", ApplicationLevel.FRONT_END, 5_000)
            .writer("back", ApplicationLevel.BACK_END, 5_000)
            .build()) {
      rig.w("back")
          .writer()
          .on(
              WriterEvent.FREEZE,
              (c, r) -> {
                frozen.countDown();
                assertTrue(aborted.await(5, TimeUnit.SECONDS));
              });
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        s.prepareForBackup();
        CompletableFuture<Throwable> run =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    s.doSnapshotSet(Rig.PATHS);
                    return null;
                  } catch (RuntimeException e) {
                    return e;
                  }
                });
        assertTrue(frozen.await(5, TimeUnit.SECONDS));
        s.abort();
        s.abort();
        aborted.countDown();
        assertTrue(run.get(5, TimeUnit.SECONDS) instanceof QuiesceException);
        assertThrows(IllegalStateException.class, s::backupComplete);
      }
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEvent(s.id(), WriterEvent.BACKUP_SHUTDOWN, AWAIT);
        w.recorder()
            .assertSequence(
                s.id(),
                WriterEvent.IDENTIFY,
                WriterEvent.PREPARE_BACKUP,
                WriterEvent.PREPARE_SNAPSHOT,
                WriterEvent.FREEZE,
                WriterEvent.THAW,
                WriterEvent.ABORT,
                WriterEvent.BACKUP_SHUTDOWN);
        w.recorder().assertOneShutdown(s.id(), ShutdownCause.ABORTED);
      }
    }
  }

  @Test
  void continuePolicyTakesACrashConsistentCopyWhenAFreezeHangsPastItsWindow() throws Exception {
    try (Rig rig =
        Rig.builder()
            .timeout(WriterEvent.FREEZE, Duration.ofSeconds(30))
            .writer("hangs", ApplicationLevel.FRONT_END, 200)
            .writer("good", ApplicationLevel.BACK_END, 5_000)
            .build()) {
      rig.w("hangs").faults().inject(WriterEvent.FREEZE, Fault.hang());
      BackupSession s =
          rig.coordinator.openBackup(
              BackupOptions.full().onQuiesceFailure(QuiescePolicy.CONTINUE_CRASH_CONSISTENT));
      try (s) {
        s.prepareForBackup();
        SnapshotSet set = s.doSnapshotSet(Rig.PATHS);
        assertFalse(set.quiesced());
        assertEquals("hangs", set.quiesceFailures().get(0).name());
        assertEquals(WriterFailure.TIMEOUT, set.quiesceFailures().get(0).failure().orElseThrow());
        WriterStatusAssert.failed(
            s.gatherWriterStatus(), "hangs", WriterState.FAILED_AT_FREEZE, WriterFailure.TIMEOUT);
        s.backupComplete();
      }
      rig.w("hangs").faults().releaseHangs();
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(s.id(), ShutdownCause.COMPLETED, AWAIT);
      }
      rig.w("hangs")
          .recorder()
          .assertSequence(
              s.id(),
              WriterEvent.IDENTIFY,
              WriterEvent.PREPARE_BACKUP,
              WriterEvent.PREPARE_SNAPSHOT,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.ABORT,
              WriterEvent.BACKUP_SHUTDOWN);
      // once the window expired nobody more is frozen (the back-end level never froze) and the
      // copy is crash-consistent for everyone: no consistent point left to tell the good writer of
      List<WriterEvent> good = rig.w("good").recorder().eventTypes(s.id());
      assertFalse(good.contains(WriterEvent.FREEZE), good.toString());
      assertFalse(good.contains(WriterEvent.POST_SNAPSHOT), good.toString());
    }
  }

  @Test
  void continuePolicyBoundsATakeAfterTheGiveUpByTheFreezeTimeoutNotByTheWindow() throws Exception {
    HeldProvider held = new HeldProvider(); // holds the take past the Freeze timeout
    try (Rig rig =
        Rig.builder()
            .provider(held)
            .timeout(WriterEvent.FREEZE, Duration.ofSeconds(1))
            .writer("hangs", ApplicationLevel.FRONT_END, 200)
            .writer("good", ApplicationLevel.BACK_END, 5_000)
            .build()) {
      rig.w("hangs").faults().inject(WriterEvent.FREEZE, Fault.hang());
      BackupSession s =
          rig.coordinator.openBackup(
              BackupOptions.full().onQuiesceFailure(QuiescePolicy.CONTINUE_CRASH_CONSISTENT));
      try (s) {
        s.prepareForBackup();
        QuiesceException e = assertThrows(QuiesceException.class, () -> s.doSnapshotSet(Rig.PATHS));
        // the window had expired before the take, which nobody frozen waited for: only the
        // Freeze timeout bounded it, and the message says which bound it was
        assertEquals(0, held.taking().getCount(), "the take never started");
        assertTrue(e.getMessage().contains("did not finish within 1000 ms"), e.getMessage());
        assertFalse(e.getMessage().contains("within the freeze window"), e.getMessage());
      } finally {
        held.release();
      }
      rig.w("hangs").faults().releaseHangs();
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(s.id(), ShutdownCause.ABORTED, AWAIT);
      }
      List<WriterEvent> good = rig.w("good").recorder().eventTypes(s.id());
      assertFalse(good.contains(WriterEvent.FREEZE), good.toString());
    }
  }

  @Test
  void interruptingTheRequestorDuringTheTakeThawsEveryoneAndSaysItWasInterrupted()
      throws Exception {
    HeldProvider held = new HeldProvider();
    // windows far longer than the waits below: only the interrupted requestor can thaw in time
    try (Rig rig =
        Rig.builder()
            .provider(held)
            .writer("front", ApplicationLevel.FRONT_END, 30_000)
            .writer("back", ApplicationLevel.BACK_END, 30_000)
            .build()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        s.prepareForBackup();
        CompletableFuture<RuntimeException> failure = new CompletableFuture<>();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        Thread requestor =
            new Thread(
                () -> {
                  try {
                    s.doSnapshotSet(Rig.PATHS);
                    failure.complete(null);
                  } catch (RuntimeException e) {
                    failure.complete(e);
                  } finally {
                    stillInterrupted.complete(Thread.currentThread().isInterrupted());
                  }
                },
                "interrupted-requestor");
        requestor.start();
        assertTrue(held.taking().await(AWAIT.toSeconds(), TimeUnit.SECONDS));
        requestor.interrupt();

        RuntimeException e = failure.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(e instanceof QuiesceException, String.valueOf(e));
        assertTrue(e.getMessage().contains("requestor's thread was interrupted"), e.getMessage());
        assertTrue(stillInterrupted.get(AWAIT.toSeconds(), TimeUnit.SECONDS), "interrupt lost");
        for (Rig.W w : rig.all()) {
          w.recorder().awaitEvent(s.id(), WriterEvent.THAW, AWAIT);
        }
      } finally {
        held.release();
      }
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(s.id(), ShutdownCause.ABORTED, AWAIT);
        w.recorder()
            .assertSequence(
                s.id(),
                WriterEvent.IDENTIFY,
                WriterEvent.PREPARE_BACKUP,
                WriterEvent.PREPARE_SNAPSHOT,
                WriterEvent.FREEZE,
                WriterEvent.THAW,
                WriterEvent.ABORT,
                WriterEvent.BACKUP_SHUTDOWN);
      }
    }
  }

  @Test
  void continuePolicyLeavesOutAWriterThatFailsPrepareBackup() {
    try (Rig rig = Rig.builder().writer("bad").writer("good").build()) {
      rig.w("bad")
          .faults()
          .inject(WriterEvent.PREPARE_BACKUP, Fault.fail(WriterFailure.OUT_OF_RESOURCES, "full"));
      BackupSession s =
          rig.coordinator.openBackup(
              BackupOptions.full().onQuiesceFailure(QuiescePolicy.CONTINUE_CRASH_CONSISTENT));
      try (s) {
        s.prepareForBackup();
        SnapshotSet set = s.doSnapshotSet(Rig.PATHS);
        assertFalse(set.quiesced());
        assertEquals(
            WriterFailure.OUT_OF_RESOURCES, set.quiesceFailures().get(0).failure().orElseThrow());
        s.backupComplete();
      }
      rig.w("bad")
          .recorder()
          .assertSequence(
              s.id(),
              WriterEvent.IDENTIFY,
              WriterEvent.PREPARE_BACKUP,
              WriterEvent.ABORT,
              WriterEvent.BACKUP_SHUTDOWN);
      assertEquals(8, rig.w("good").recorder().eventTypes(s.id()).size());
    }
  }
}
