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
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.fixtures.Rig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the daemon does with peers it must not trust and with its socket file: refusals and protocol
 * errors are answered with a reason and the connection closed, and the daemon goes on serving
 * everybody else.
 */
class DaemonGuardTest {
  private static final Duration AWAIT = Duration.ofSeconds(10);

  /** {@link DaemonOptions#at}'s limits, as {@link DaemonOptionsTest} checks. */
  static final int DEFAULT_MAX_CONNECTIONS = 64;

  static final int DEFAULT_MAX_CALLS_IN_FLIGHT = 8;

  @TempDir Path dir;

  @Test
  void aUserNotAllowedIsRefusedWithTheReasonAndWhatToDo() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(
                rig.coordinator,
                DaemonOptions.at(dir.resolve("q.sock")).allowingUsers("backup-only"))) {
      IOException e =
          assertThrows(
              IOException.class, () -> RemoteCoordinator.connect(daemon.socket(), "intruder"));
      String user = System.getProperty("user.name");
      assertTrue(
          e.getMessage().contains("user '" + user + "' may not drive backups"), e.getMessage());
      assertTrue(e.getMessage().contains("allowingUsers"), e.getMessage());
      Poll.until(() -> daemon.connectedRequestors() == 0, AWAIT, "the refused connection to go");
      assertTrue(rig.coordinator.activeSessions().isEmpty());
    }
  }

  @Test
  void aPidThePeerDoesNotOwnIsRefused() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RawPeer peer = new RawPeer(daemon.socket())) {
      peer.hello(Integer.MAX_VALUE);
      JsonNode answer = peer.read();
      assertEquals("refused", answer.at("/error/kind").asText(), answer.toString());
      assertTrue(
          answer.at("/error/message").asText().contains("not a live process"), answer.toString());
    }
  }

  @Test
  void anOversizedFrameIsAProtocolErrorAndOthersAreStillServed() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(
                rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")).withMaxFrameBytes(4096))) {
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.hello(ProcessHandle.current().pid());
        peer.read();
        peer.sendHeader(1 << 30);
        JsonNode answer = peer.readUntilClosed();
        assertTrue(
            answer.at("/error/message").asText().contains("frames are 1..4096 bytes"),
            answer.toString());
      }
      assertStillServes(daemon, rig);
    }
  }

  @Test
  void garbageAndRequestsBeforeHelloAreProtocolErrors() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")))) {
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.sendJson("this is not json");
        assertTrue(
            peer.readUntilClosed().at("/error/message").asText().contains("not a valid Request"));
      }
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.sendJson("{\"id\":1,\"op\":\"writers\"}");
        JsonNode answer = peer.readUntilClosed();
        assertTrue(
            answer.at("/error/message").asText().contains("the first request must be hello"),
            answer.toString());
      }
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.sendJson(
            "{\"id\":1,\"op\":\"hello\",\"@class\":\"java.lang.ProcessBuilder\",\"hello\":[\"rm\"]}");
        assertTrue(
            peer.readUntilClosed().at("/error/message").asText().contains("not a valid Request"));
      }
      assertStillServes(daemon, rig);
    }
  }

  @Test
  void anUnknownCallOrAMissingArgumentIsAnsweredAndTheConnectionStays() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
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
      assertEquals(
          "illegal-argument", incomplete.at("/error/kind").asText(), incomplete.toString());
      assertTrue(
          incomplete.at("/error/message").asText().contains("'backupType'"), incomplete.toString());
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
                DaemonOptions.at(dir.resolve("q.sock"))
                    .withRequestorTimeout(Duration.ofMillis(300)));
        RawPeer peer = new RawPeer(daemon.socket())) {
      peer.hello(ProcessHandle.current().pid());
      peer.read();
      peer.sendJson(
          "{\"id\":2,\"op\":\"open\",\"options\":{\"backupType\":\"FULL\",\"everything\":true,"
              + "\"quiescePolicy\":\"FAIL\"}}");
      SessionId id = SessionId.parse(peer.read().at("/result").asText());
      peer.sendJson("{\"id\":3,\"op\":\"gather\",\"session\":\"" + id + "\"}");
      JsonNode last = peer.readUntilClosed(); // then silence: no pings
      assertEquals("closed", last.at("/error/kind").asText(), last.toString());
      assertTrue(last.at("/error/message").asText().contains("silent"), last.toString());
      Rig.W orders = rig.w("orders");
      assertEquals(
          ShutdownCause.REQUESTOR_LOST,
          orders
              .recorder()
              .awaitEvent(id, WriterEvent.BACKUP_SHUTDOWN, AWAIT)
              .cause()
              .orElseThrow());
    }
  }

  @Test
  void aRequestorMaySnapshotOnlyTheFilesOfTheComponentsItSelected() throws Exception {
    Path offered = Files.createDirectories(dir.resolve("offered"));
    Path secret = Files.createDirectories(dir.resolve("secret"));
    try (Rig rig = Rig.builder().componentFiles(offered).writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "curious");
        BackupSession backup = remote.openBackup(BackupOptions.full())) {
      backup.prepareForBackup();
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> backup.doSnapshotSet(java.util.List.of(secret)));
      assertTrue(
          e.getMessage().contains(secret + " is outside the components this backup selected"),
          e.getMessage());
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
      assertEquals(
          "rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
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
          assertThrows(
              IllegalStateException.class,
              () -> QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(socket)));
      assertTrue(live.getMessage().contains("already listening"), live.getMessage());
      assertStillServes(daemon, rig);

      Path file = Files.writeString(dir.resolve("data.txt"), "precious");
      IllegalArgumentException other =
          assertThrows(
              IllegalArgumentException.class,
              () -> QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(file)));
      assertTrue(other.getMessage().contains("is not a socket"), other.getMessage());
      assertEquals("precious", Files.readString(file));

      Path tooLong = dir.resolve("x".repeat(120) + ".sock");
      IllegalArgumentException longPath =
          assertThrows(
              IllegalArgumentException.class,
              () -> QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(tooLong)));
      assertTrue(longPath.getMessage().contains("at most 107 bytes"), longPath.getMessage());

      Path noDir = dir.resolve("missing/q.sock");
      IllegalArgumentException missing =
          assertThrows(
              IllegalArgumentException.class,
              () -> QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(noDir)));
      assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
  }

  @Test
  void connectingWhereNoDaemonListensSaysSo() {
    IOException e =
        assertThrows(
            IOException.class, () -> RemoteCoordinator.connect(dir.resolve("none.sock"), "x"));
    assertTrue(e.getMessage().contains("cannot connect to a Quiesce daemon at"), e.getMessage());
  }

  @Test
  void aPeerThatSendsCallsAndNeverReadsHoldsAFewThreadsWhichGoWithIt() throws Exception {
    Set<Thread> before = daemonThreads();
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")))) {
      RawPeer peer = new RawPeer(daemon.socket());
      CompletableFuture<Void> flood;
      try {
        peer.hello(ProcessHandle.current().pid());
        peer.read();
        String padding = " ".repeat(1000); // so that a daemon that stops reading fills the socket
        flood =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    for (int i = 2; i < 3_000; i++) {
                      peer.sendJson("{\"id\":" + i + ",\"op\":\"writers\"}" + padding);
                    }
                  } catch (IOException e) {
                    // the test closed the peer while the daemon applied back-pressure
                  }
                });
        int bound = DEFAULT_MAX_CALLS_IN_FLIGHT + 1; // its calls and its reader
        assertFalse(
            Poll.holdsWithin(Duration.ofSeconds(2), () -> newThreads(before).size() > bound),
            () ->
                "a peer that does not read holds " + newThreads(before).size() + " daemon threads");
        assertStillServes(daemon, rig); // and everybody else is served meanwhile
      } finally {
        peer.close();
      }
      flood.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
      Poll.until(
          () -> newThreads(before).isEmpty(), AWAIT, "the daemon threads of the gone peer to end");
      assertEquals(0, daemon.connectedRequestors());
    }
  }

  @Test
  void aPeerThatDoesNotReadItsAnswersIsDroppedAfterTheRequestorTimeout() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(
                rig.coordinator,
                DaemonOptions.at(dir.resolve("q.sock"))
                    .withRequestorTimeout(Duration.ofMillis(300)));
        RawPeer peer = new RawPeer(daemon.socket())) {
      peer.hello(ProcessHandle.current().pid());
      peer.read();
      String padding = " ".repeat(1000);
      CompletableFuture<Void> flood =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (long i = 2; ; i++) { // busy, never silent, never reading
                    peer.sendJson("{\"id\":" + i + ",\"op\":\"writers\"}" + padding);
                  }
                } catch (IOException e) {
                  // the daemon dropped the connection
                }
              });
      Poll.until(
          () -> daemon.connectedRequestors() == 0,
          AWAIT,
          "the peer that does not read to be dropped");
      flood.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
      assertStillServes(daemon, rig);
    }
  }

  @Test
  void aPeerThatDoesNotSayHelloInTimeIsDroppedWhateverItSends() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(
                rig.coordinator,
                DaemonOptions.at(dir.resolve("q.sock")).withHelloTimeout(Duration.ofMillis(300)));
        RawPeer peer = new RawPeer(daemon.socket())) {
      peer.sendHeader(100);
      peer.sendBytes("{\"id\":1,".getBytes(StandardCharsets.UTF_8)); // and the rest never comes
      JsonNode last = peer.readUntilClosed();
      assertTrue(
          last.at("/error/message").asText().contains("did not say hello within 300 ms"),
          last.toString());
      assertStillServes(daemon, rig);
    }
  }

  @Test
  void aStalledFrameCostsTheBytesThatArrivedNotTheAnnouncedLength() throws Exception {
    Path socket = dir.resolve("child.sock");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx40m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.log.dev.quiesce.runtime.daemon=info",
            "-cp",
            System.getProperty("java.class.path"),
            ChildDaemon.class.getName(),
            socket.toString());
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  System.out.println("[child] " + line);
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("(reading the child failed: " + e + ")");
              }
            });
    pump.setDaemon(true);
    pump.start();
    try {
      awaitLine(
          lines,
          l -> l.startsWith("listening at"),
          "the child daemon to listen",
          new ArrayList<>());
      int stalled = 40; // 40 x 4 MiB announced: 4 times the child's heap
      List<RawPeer> peers = new ArrayList<>();
      for (int i = 0; i < stalled; i++) {
        RawPeer peer = new RawPeer(socket);
        peers.add(peer);
        peer.hello(ProcessHandle.current().pid());
        assertEquals(1, peer.read().at("/result/protocol").asInt());
        peer.sendHeader(4 << 20);
        peer.sendBytes(new byte[] {'{'});
      }
      for (RawPeer peer : peers) {
        peer.close();
      }
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < stalled; i++) {
        awaitLine(
            lines,
            l -> l.contains("disconnected: connection failed"),
            "every stalled connection to end",
            seen);
      }
      try (RemoteCoordinator remote = RemoteCoordinator.connect(socket, "after");
          BackupSession backup = remote.openBackup(BackupOptions.full())) {
        backup.prepareForBackup();
      }
      assertTrue(seen.stream().noneMatch(l -> l.contains("OutOfMemoryError")), seen::toString);
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(AWAIT.toSeconds(), TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    assertTrue(lines.stream().noneMatch(l -> l.contains("OutOfMemoryError")), lines::toString);
  }

  @Test
  void beforeHelloOnlyHelloEvenNotAPingAndOnlyWhatHelloNeeds() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")))) {
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.sendJson("{\"id\":0,\"op\":\"ping\"}");
        JsonNode answer = peer.read();
        assertTrue(
            answer
                .at("/error/message")
                .asText()
                .contains("the first request must be hello, was ping"),
            answer.toString());
        assertEquals(null, peer.read(), "closed");
      }
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.sendHeader(4 << 20);
        JsonNode answer = peer.readUntilClosed();
        assertTrue(
            answer
                .at("/error/message")
                .asText()
                .contains("before hello, frames are at most 8192 bytes"),
            answer.toString());
      }
      assertStillServes(daemon, rig);
    }
  }

  @Test
  void nullsAnywhereAreThePeersMistakeSaidInOneLine() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        CapturedErr log = new CapturedErr()) {
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.hello(ProcessHandle.current().pid());
        peer.read();
        peer.sendJson(
            "{\"id\":2,\"op\":\"open\",\"options\":{\"backupType\":\"FULL\",\"everything\":true,"
                + "\"quiescePolicy\":\"FAIL\"}}");
        SessionId id = SessionId.parse(peer.read().at("/result").asText());
        peer.sendJson("{\"id\":3,\"op\":\"snapshot\",\"session\":\"" + id + "\",\"paths\":[null]}");
        JsonNode nullPath = peer.read();
        assertEquals(3, nullPath.at("/id").asInt(), nullPath.toString());
        assertEquals("illegal-argument", nullPath.at("/error/kind").asText(), nullPath.toString());
        assertTrue(
            nullPath.at("/error/message").asText().contains("/paths/0"), nullPath.toString());
        peer.sendJson("{\"id\":4,\"op\":\"writers\"}");
        assertEquals("orders", peer.read().at("/result/0/name").asText(), "the connection stays");
        peer.sendJson("null");
        JsonNode nullFrame = peer.readUntilClosed();
        assertEquals(
            "illegal-argument", nullFrame.at("/error/kind").asText(), nullFrame.toString());
        assertTrue(
            nullFrame.at("/error/message").asText().contains("a request is a JSON object"),
            nullFrame.toString());
      }
      assertStillServes(daemon, rig);
      assertOneLineWarnings(log.text(), 2);
    }
  }

  @Test
  void theWireIsStrictNoDuplicateKeysNoCoercedScalars() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        CapturedErr log = new CapturedErr()) {
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.sendJson(
            "{\"id\":1,\"op\":\"hello\",\"hello\":{\"protocol\":\"1\",\"name\":\"raw\",\"pid\":"
                + ProcessHandle.current().pid()
                + "}}");
        JsonNode coercedHello = peer.readUntilClosed();
        assertEquals(
            "illegal-argument", coercedHello.at("/error/kind").asText(), coercedHello.toString());
      }
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.hello(ProcessHandle.current().pid());
        peer.read();
        peer.sendJson("{\"id\":2,\"op\":\"open\",\"op\":\"writers\"}");
        JsonNode duplicate = peer.read();
        assertEquals(2, duplicate.at("/id").asInt(), duplicate.toString());
        assertEquals(
            "illegal-argument", duplicate.at("/error/kind").asText(), duplicate.toString());
        assertTrue(duplicate.at("/error/message").asText().contains("'op'"), duplicate.toString());
        peer.sendJson(
            "{\"id\":3,\"op\":\"writers\",\"hello\":{\"protocol\":1,\"name\":\"x\",\"pid\":\"123\"}}");
        JsonNode coerced = peer.read();
        assertEquals("illegal-argument", coerced.at("/error/kind").asText(), coerced.toString());
        assertTrue(
            coerced.at("/error/message").asText().contains("/hello/pid"), coerced.toString());
        peer.sendJson("{\"id\":4,\"op\":\"succeeded\",\"succeeded\":\"true\"}");
        assertEquals("illegal-argument", peer.read().at("/error/kind").asText());
        peer.sendJson("{\"id\":5,\"op\":\"writers\"}");
        assertEquals("orders", peer.read().at("/result/0/name").asText(), "the connection stays");
        peer.sendJson("{\"id\":\"6\",\"op\":\"writers\"}");
        JsonNode noId = peer.readUntilClosed(); // which call it was cannot be told: the end
        assertEquals("illegal-argument", noId.at("/error/kind").asText(), noId.toString());
      }
      assertStillServes(daemon, rig);
      assertOneLineWarnings(log.text(), 5);
    }
  }

  @Test
  void aNameThatWouldForgeALogLineIsRefusedAndLoggedEscaped() throws Exception {
    String forged = "12:00:00.000 [main] INFO dev.quiesce - backup succeeded";
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")));
        CapturedErr log = new CapturedErr()) {
      try (RawPeer peer = new RawPeer(daemon.socket())) {
        peer.hello("nightly\n" + forged, ProcessHandle.current().pid());
        JsonNode answer = peer.read();
        assertEquals("refused", answer.at("/error/kind").asText(), answer.toString());
        assertTrue(
            answer.at("/error/message").asText().contains("must be printable"), answer.toString());
      }
      assertStillServes(daemon, rig);
      assertTrue(log.text().contains("nightly\\n" + forged), log.text());
      assertTrue(log.text().lines().noneMatch(l -> l.startsWith(forged)), log.text());
    }
  }

  @Test
  void aConnectionBeyondTheLimitIsRefusedWithTheReasonAndASlotFreesWhenAPeerGoes()
      throws Exception {
    int limit = DEFAULT_MAX_CONNECTIONS;
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(dir.resolve("q.sock")))) {
      List<RawPeer> peers = new ArrayList<>();
      try {
        for (int i = 0; i < limit; i++) {
          peers.add(new RawPeer(daemon.socket()));
        }
        try (RawPeer oneMore = new RawPeer(daemon.socket())) {
          JsonNode refusal = oneMore.read();
          assertEquals("refused", refusal.at("/error/kind").asText(), refusal.toString());
          assertTrue(
              refusal.at("/error/message").asText().contains("at most " + limit + " connections"),
              refusal.toString());
        }
        peers.remove(0).close();
        Poll.until(
            () -> daemon.connectedRequestors() < limit, AWAIT, "the gone peer's slot to free");
        assertStillServes(daemon, rig);
      } finally {
        for (RawPeer p : peers) {
          p.close();
        }
      }
    }
  }

  @Test
  void anErrorInACallEndsThatConnectionOnlyAndIsSaid() throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build()) {
      Coordinator failing =
          (Coordinator)
              Proxy.newProxyInstance(
                  Coordinator.class.getClassLoader(),
                  new Class<?>[] {Coordinator.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("writers")) {
                      throw new OutOfMemoryError("simulated");
                    }
                    try {
                      return method.invoke(rig.coordinator, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      try (QuiesceDaemon daemon =
              QuiesceDaemon.start(failing, DaemonOptions.at(dir.resolve("q.sock")));
          RawPeer peer = new RawPeer(daemon.socket())) {
        peer.hello(ProcessHandle.current().pid());
        peer.read();
        peer.sendJson("{\"id\":2,\"op\":\"writers\"}");
        JsonNode last = peer.readUntilClosed();
        assertEquals("closed", last.at("/error/kind").asText(), last.toString());
        assertTrue(
            last.at("/error/message").asText().contains("OutOfMemoryError: simulated"),
            last.toString());
        assertStillServes(daemon, rig);
      }
    }
  }

  private static void assertOneLineWarnings(String log, int invalid) {
    assertEquals(
        invalid, log.lines().filter(l -> l.contains("sent an invalid request")).count(), log);
    assertFalse(log.contains("Exception"), log);
    assertTrue(log.lines().noneMatch(l -> l.startsWith("\tat ") || l.contains(" ERROR ")), log);
  }

  private static void awaitLine(
      BlockingQueue<String> lines, Predicate<String> wanted, String what, List<String> seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError(
            what + " did not happen within " + AWAIT + "; the child said " + seen);
      }
      seen.add(line);
      if (wanted.test(line)) {
        return;
      }
    }
  }

  /** The daemon threads that serve connections and calls, alive now. */
  private static Set<Thread> daemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(
            t ->
                t.getName().startsWith("quiesce-daemon-call-")
                    || t.getName().startsWith("quiesce-daemon-connection-"))
        .collect(Collectors.toSet());
  }

  private static Set<Thread> newThreads(Set<Thread> before) {
    Set<Thread> now = daemonThreads();
    now.removeAll(before);
    return now;
  }

  private static void assertStillServes(QuiesceDaemon daemon, Rig rig) throws Exception {
    try (RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "after");
        BackupSession backup = remote.openBackup(BackupOptions.full())) {
      backup.prepareForBackup();
    }
    Poll.until(() -> rig.coordinator.activeSessions().isEmpty(), AWAIT, "the session to end");
  }
}
