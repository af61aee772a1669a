package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.fixtures.HeldProvider;
import dev.quiesce.runtime.fixtures.Rig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's lifecycle: closing it ends open sessions (frozen writers thawed, BackupShutdown
 * with COORDINATOR_CLOSED), closes its dependents first, stops every thread, and is idempotent.
 */
class CoordinatorLifecycleTest {
  private static final Duration AWAIT = Duration.ofSeconds(10);

  @Test
  void closingThawsFrozenWritersEndsTheSessionAndLeavesNoThread() throws Exception {
    String prefix = "lifecycle-frozen-";
    HeldProvider provider = new HeldProvider();
    try (Rig rig =
        Rig.builder()
            .threadNamePrefix(prefix)
            .writer("front", ApplicationLevel.FRONT_END, 30_000)
            .writer("back", ApplicationLevel.BACK_END, 30_000)
            .provider(provider)
            .build()) {
      // A finished backup first, so that every pool has threads to stop.
      try (BackupSession done = rig.coordinator.openBackup(BackupOptions.full())) {
        done.prepareForBackup();
      }
      BackupSession frozen = rig.coordinator.openBackup(BackupOptions.full());
      frozen.prepareForBackup();
      CompletableFuture<SnapshotSet> snapshot =
          CompletableFuture.supplyAsync(() -> frozen.doSnapshotSet(Rig.PATHS));
      assertTrue(provider.taking().await(AWAIT.toSeconds(), TimeUnit.SECONDS), "writers frozen");
      SessionId id = frozen.id();

      CompletableFuture<Void> closing = CompletableFuture.runAsync(rig.coordinator::close);
      // Thawed and shut down while the provider still holds: nothing waits for it.
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(id, ShutdownCause.COORDINATOR_CLOSED, AWAIT);
        assertTrue(w.recorder().eventTypes(id).contains(WriterEvent.THAW), w.name() + " thawed");
      }
      provider.release();
      closing.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
      assertTrue(snapshot.handle((s, e) -> e != null).get(), "doSnapshotSet failed");

      assertEquals(List.of(), rig.coordinator.activeSessions());
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class, () -> rig.coordinator.openBackup(BackupOptions.full()));
      assertTrue(refused.getMessage().contains("coordinator is closed"), refused.getMessage());
      awaitTrue(() -> threads(prefix).isEmpty(), () -> "threads left: " + threads(prefix));
    }
  }

  @Test
  void dependentsCloseFirstNewestFirstWhileSessionsAreStillOpen() {
    try (Rig rig = Rig.builder().threadNamePrefix("lifecycle-deps-").writer("db").build()) {
      BackupSession open = rig.coordinator.openBackup(BackupOptions.full());
      open.prepareForBackup();
      List<String> closed = new CopyOnWriteArrayList<>();
      rig.coordinator.closeFirst(
          () ->
              closed.add("daemon-1 saw open sessions " + rig.coordinator.activeSessions().size()));
      rig.coordinator.closeFirst(() -> closed.add("daemon-2"));

      rig.coordinator.close();
      rig.coordinator.close(); // idempotent: nothing is closed twice

      assertEquals(List.of("daemon-2", "daemon-1 saw open sessions 1"), closed);
      rig.w("db").recorder().assertOneShutdown(open.id(), ShutdownCause.COORDINATOR_CLOSED);
      assertThrows(IllegalStateException.class, () -> rig.coordinator.closeFirst(() -> {}));
      assertThrows(IllegalStateException.class, open::backupComplete);
      open.close(); // a requestor closing afterwards changes nothing
      rig.w("db").recorder().assertOneShutdown(open.id(), ShutdownCause.COORDINATOR_CLOSED);
    }
  }

  @Test
  void aDependentThatFailsToCloseDoesNotStopTheRest() {
    try (Rig rig = Rig.builder().threadNamePrefix("lifecycle-fail-").writer("db").build()) {
      BackupSession open = rig.coordinator.openBackup(BackupOptions.full());
      open.prepareForBackup();
      rig.coordinator.closeFirst(
          () -> {
            throw new IllegalStateException("boom");
          });
      rig.coordinator.close();
      rig.w("db").recorder().assertOneShutdown(open.id(), ShutdownCause.COORDINATOR_CLOSED);
      assertFalse(rig.coordinator.activeSessions().contains(open.id()));
    }
  }

  private static List<String> threads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .toList();
  }

  /** A bounded poll: an ended pool's worker may take a moment to leave after termination. */
  private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what.get());
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
