package dev.quiesce.runtime.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.fixtures.HeldProvider;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.SeenEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requestors in other processes dying for real: SIGKILL while the writers are frozen, and SIGSTOP
 * (a hung requestor, whose socket stays open). The writers are thawed and get BackupShutdown with
 * {@code REQUESTOR_LOST}; nothing is left frozen.
 */
class RequestorKillTest {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration AWAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  /**
   * The requestor timeout is a minute and the wait 20 s, so the session can only end in time
   * through the kernel closing the killed process's socket, not through the timeout.
   */
  @Test
  void aRequestorKilledWhileWritersAreFrozenIsNoticedByItsSocketClosing() throws Exception {
    HeldProvider held = new HeldProvider();
    DaemonOptions options =
        DaemonOptions.at(dir.resolve("q.sock")).withRequestorTimeout(Duration.ofMinutes(1));
    try (Rig rig =
            Rig.builder()
                .componentFiles(Rig.PATHS.get(0))
                .writer("orders")
                .writer("billing")
                .provider(held)
                .build();
        QuiesceDaemon daemon = QuiesceDaemon.start(rig.coordinator, options);
        RequestorProcess child =
            RequestorProcess.start(
                dir.resolve("child.log"),
                daemon.socket().toString(),
                "snapshot",
                Rig.PATHS.get(0).toString())) {
      assertTrue(
          held.taking().await(START.toSeconds(), TimeUnit.SECONDS),
          () -> "the child never froze the writers: " + childLog());
      SessionId id = rig.coordinator.activeSessions().get(0);
      child.kill();
      for (Rig.W w : rig.all()) {
        SeenEvent shutdown = w.recorder().awaitEvent(id, WriterEvent.BACKUP_SHUTDOWN, AWAIT);
        assertEquals(ShutdownCause.REQUESTOR_LOST, shutdown.cause().orElseThrow());
        w.recorder().assertInvariants(id);
        assertTrue(
            w.recorder().eventTypes(id).contains(WriterEvent.THAW), w.name() + " was never thawed");
        assertTrue(shutdown.snapshotSetId().isPresent(), "BackupShutdown names the snapshot set");
      }
      held.release();
      Poll.until(() -> rig.coordinator.activeSessions().isEmpty(), AWAIT, "the session to end");
      Poll.until(() -> daemon.connectedRequestors() == 0, AWAIT, "the connection to be dropped");
    }
  }

  @Test
  void aStoppedRequestorIsLostAfterTheRequestorTimeout() throws Exception {
    DaemonOptions options =
        DaemonOptions.at(dir.resolve("q.sock")).withRequestorTimeout(Duration.ofSeconds(2));
    try (Rig rig = Rig.builder().componentFiles(Rig.PATHS.get(0)).writer("orders").build();
        QuiesceDaemon daemon = QuiesceDaemon.start(rig.coordinator, options);
        RequestorProcess child =
            RequestorProcess.start(dir.resolve("child.log"), daemon.socket().toString(), "idle")) {
      Rig.W orders = rig.w("orders");
      try {
        Poll.until(
            () ->
                orders.recorder().events().stream()
                    .anyMatch(e -> e.event() == WriterEvent.PREPARE_BACKUP),
            START,
            "the child to prepare its backup");
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; its output: " + childLog(), e);
      }
      SessionId id = rig.coordinator.activeSessions().get(0);
      child.stop();
      SeenEvent shutdown = orders.recorder().awaitEvent(id, WriterEvent.BACKUP_SHUTDOWN, AWAIT);
      assertEquals(ShutdownCause.REQUESTOR_LOST, shutdown.cause().orElseThrow());
      assertTrue(
          child.isAlive(), "the child was stopped, not killed: only the timeout can notice it");
      orders.recorder().assertInvariants(id);
    }
  }

  private String childLog() {
    try {
      return Files.readString(dir.resolve("child.log"));
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
