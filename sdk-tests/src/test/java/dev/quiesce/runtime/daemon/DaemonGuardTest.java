package dev.quiesce.runtime.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.GcPoll;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the daemon does with peers it must not trust and with its socket file: refusals and
 * protocol errors are answered with a reason and the connection closed, and the daemon goes on
 * serving everybody else.
 */
class DaemonGuardTest {
  private static final Duration AWAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void aUserNotAllowedIsRefusedWithTheReasonAndWhatToDo() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(
                rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")).allowingUsers("backup-only"))) {
      IOException e =
          assertThrows(IOException.class, () -> RemoteCoordinator.connect(daemon.socket(), "intruder"));
      String user = System.getProperty("user.name");
      assertTrue(e.getMessage().contains("user '" + user + "' may not drive backups"), e.getMessage());
      assertTrue(e.getMessage().contains("allowingUsers"), e.getMessage());
      GcPoll.until(() -> daemon.connectedRequestors() == 0, AWAIT, "the refused connection to go");
      assertTrue(rig.coordinator.activeSessions().isEmpty());
    }
  }

  @Test
  void aPidThePeerDoesNotOwnIsRefused() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon = QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RawPeer peer = new RawPeer(daemon.socket())) {
      peer.hello(Integer.MAX_VALUE);
      JsonNode answer = peer.read();
      assertEquals("refused", answer.at("/error/kind").asText(), answer.toString());
      assertTrue(answer.at("/error/message").asText().contains("not a live process"), answer.toString());
    }
  }

  @Test
  void anOversizedFrameIsAProtocolErrorAndOthersAreStillServed() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")).withMaxFrameBytes(4096))) {
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.sendHeader(1 << 30);
        JsonNode answer = peer.readUntilClosed();
        assertTrue(answer.at("/error/message").asText().contains("frames are 1..4096 bytes"), answer.toString());
      }
      assertStillServes(daemon, rig);
    }
  }

  @Test
  void garbageAndRequestsBeforeHelloAreProtocolErrors() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon = QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")))) {
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.sendJson("this is not json");
        assertTrue(
            peer.readUntilClosed().at("/error/message").asText().contains("not a valid Request"));
      }
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.sendJson("{\"id\":1,\"op\":\"writers\"}");
        JsonNode answer = peer.readUntilClosed();
        assertTrue(answer.at("/error/message").asText().contains("the first request must be hello"), answer.toString());
      }
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.sendJson("{\"id\":1,\"op\":\"hello\",\"@class\":\"java.lang.ProcessBuilder\",\"hello\":[\"rm\"]}");
        assertTrue(peer.readUntilClosed().at("/error/message").asText().contains("not a valid Request"));
      }
      assertStillServes(daemon, rig);
    }
  }

  @Test
  void anUnknownCallOrAMissingArgumentIsAnsweredAndTheConnectionStays() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon = QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RawPeer peer = new RawPeer(daemon.socket())) {
      peer.hello(ProcessHandle.current().pid());
      assertEquals(1, peer.read().at("/result/protocol").asInt());
      peer.sendJson("{\"id\":2,\"op\":\"format-disk\"}");
      JsonNode unknown = peer.read();
      assertEquals("unsupported", unknown.at("/error/kind").asText(), unknown.toString());
      peer.sendJson("{\"id\":3,\"op\":\"open\"}");
      JsonNode missing = peer.read();
      assertEquals("illegal-argument", missing.at("/error/kind").asText(), missing.toString());
      assertTrue(missing.at("/error/message").asText().contains("'options'"), missing.toString());
      peer.sendJson("{\"id\":5,\"op\":\"open\",\"options\":{\"everything\":true}}");
      JsonNode incomplete = peer.read();
      assertEquals("illegal-argument", incomplete.at("/error/kind").asText(), incomplete.toString());
      assertTrue(incomplete.at("/error/message").asText().contains("'backupType'"), incomplete.toString());
      peer.sendJson("{\"id\":4,\"op\":\"writers\"}");
      assertEquals("orders", peer.read().at("/result/0/name").asText());
    }
  }

  @Test
  void aPeerThatConnectsAndOpensThenFallsSilentIsLost() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(
                rig.coordinator,
                DaemonOptions.at(dir.resolve("q.sock")).withRequestorTimeout(Duration.ofMillis(300)));
        RawPeer peer = new RawPeer(daemon.socket())) {
      peer.hello(ProcessHandle.current().pid());
      peer.read();
      peer.sendJson("{\"id\":2,\"op\":\"open\",\"options\":{\"backupType\":\"FULL\",\"everything\":true,"
          + "\"quiescePolicy\":\"FAIL\"}}");
      SessionId id = SessionId.parse(peer.read().at("/result").asText());
      peer.sendJson("{\"id\":3,\"op\":\"gather\",\"session\":\"" + id + "\"}");
      JsonNode last = peer.readUntilClosed(); // then silence: no pings
      assertEquals("closed", last.at("/error/kind").asText(), last.toString());
      assertTrue(last.at("/error/message").asText().contains("silent"), last.toString());
      Rig.W orders = rig.w("orders");
      assertEquals(
          ShutdownCause.REQUESTOR_LOST,
          orders.recorder().awaitEvent(id, WriterEvent.BACKUP_SHUTDOWN, AWAIT).cause().orElseThrow());
    }
  }

  @Test
  void aRequestorMaySnapshotOnlyTheFilesOfTheComponentsItSelected() throws Exception {
    Path offered = Files.createDirectories(dir.resolve("offered"));
    Path secret = Files.createDirectories(dir.resolve("secret"));
    try (Rig rig = Rig.builder().componentFiles(offered).writer("orders").build();
        QuiesceDaemon daemon = QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "curious");
        BackupSession backup = remote.openBackup(BackupOptions.full())) {
      backup.prepareForBackup();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> backup.doSnapshotSet(java.util.List.of(secret)));
      assertTrue(e.getMessage().contains(secret + " is outside the components this backup selected"), e.getMessage());
      assertFalse(
          rig.w("orders").recorder().eventTypes(backup.id()).contains(WriterEvent.FREEZE),
          "nothing was frozen for a refused snapshot");
      backup.doSnapshotSet(java.util.List.of(offered.resolve("sub"))).close(); // inside: fine
    }
  }

  @Test
  void theSocketFileIsPrivateToOwnerAndGroupAndRemovedOnClose() throws Exception {
    Path socket = dir.resolve("q.sock");
    try (Rig rig = Rig.builder().writer("orders").build()) {
      QuiesceDaemon daemon = QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(socket));
      assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
      daemon.close();
      assertFalse(Files.exists(socket));
    }
  }

  @Test
  void aStaleSocketIsReplacedButALiveDaemonOrAnotherFileIsNot() throws Exception {
    Path socket = dir.resolve("q.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket)); // closed below without deleting its file
    }
    assertTrue(Files.exists(socket));
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon = QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(socket))) {
      IllegalStateException live =
          assertThrows(IllegalStateException.class, () -> QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(socket)));
      assertTrue(live.getMessage().contains("already listening"), live.getMessage());
      assertStillServes(daemon, rig);

      Path file = Files.writeString(dir.resolve("data.txt"), "precious");
      IllegalArgumentException other =
          assertThrows(IllegalArgumentException.class, () -> QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(file)));
      assertTrue(other.getMessage().contains("is not a socket"), other.getMessage());
      assertEquals("precious", Files.readString(file));

      Path tooLong = dir.resolve("x".repeat(120) + ".sock");
      IllegalArgumentException longPath =
          assertThrows(IllegalArgumentException.class, () -> QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(tooLong)));
      assertTrue(longPath.getMessage().contains("at most 107 bytes"), longPath.getMessage());

      Path noDir = dir.resolve("missing/q.sock");
      IllegalArgumentException missing =
          assertThrows(IllegalArgumentException.class, () -> QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(noDir)));
      assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
  }

  @Test
  void connectingWhereNoDaemonListensSaysSo() {
    IOException e =
        assertThrows(IOException.class, () -> RemoteCoordinator.connect(dir.resolve("none.sock"), "x"));
    assertTrue(e.getMessage().contains("cannot connect to a Quiesce daemon at"), e.getMessage());
  }

  private static void assertStillServes(QuiesceDaemon daemon, Rig rig) throws Exception {
    try (RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "after");
        BackupSession backup = remote.openBackup(BackupOptions.full())) {
      backup.prepareForBackup();
    }
    GcPoll.until(() -> rig.coordinator.activeSessions().isEmpty(), AWAIT, "the session to end");
  }
}
