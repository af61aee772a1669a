package dev.quiesce.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-host sets over three applications, each in its own JVM with its own daemon (a FRONT_END, b
 * BACK_END, c SYSTEM): sets that all verify; an application SIGKILLed inside the global freeze; the
 * requestor SIGKILLed inside it; a member whose Freeze hangs. Each time: the members' writers all
 * see one set id, FRONT_END froze everywhere before BACK_END anywhere, no writer that answers stays
 * frozen past the window, each gets exactly one BackupShutdown naming the set with the right cause,
 * and the next set succeeds.
 */
class SetProcessesTest {
  private static final long WINDOW = 20_000;
  private static final Duration AWAIT = Duration.ofSeconds(30);

  /** How late a thaw may be beyond what the test allows, on a loaded two-core machine. */
  private static final Duration SLACK = Duration.ofSeconds(5);

  @TempDir static Path dir;
  private static final Map<String, MemberJvm> members = new LinkedHashMap<>();
  private static final String[][] SPEC = {{"a", "FRONT_END"}, {"b", "BACK_END"}, {"c", "SYSTEM"}};
  private static int sets;

  @BeforeAll
  static void startMembers() throws Exception {
    for (String[] s : SPEC) {
      Path data = Files.createDirectories(dir.resolve("data-" + s[0]));
      Files.writeString(data.resolve("rows.txt"), s[0] + " rows\n");
    }
  }

  @BeforeEach
  void membersRunning() throws Exception {
    for (String[] s : SPEC) {
      if (!members.containsKey(s[0])) {
        members.put(s[0], MemberJvm.member(dir, s[0], s[1], WINDOW));
      }
    }
  }

  @AfterAll
  static void stopMembers() throws InterruptedException {
    for (MemberJvm m : members.values()) {
      m.close();
    }
    members.clear();
  }

  private MemberJvm m(String name) {
    return members.get(name);
  }

  private Path socket(String name) {
    return dir.resolve(name + ".sock");
  }

  private Path nextSetDir() {
    return dir.resolve("set-" + ++sets);
  }

  /** A set over every member from this JVM; connections closed after. */
  private SetReport backup(Path to, Duration freezeWindow) throws Exception {
    List<RemoteCoordinator> connections = new ArrayList<>();
    try {
      List<SetMember> set = new ArrayList<>();
      for (String name : members.keySet()) {
        RemoteCoordinator c = RemoteCoordinator.connect(socket(name), "set-test");
        connections.add(c);
        set.add(SetMember.local(name, c, c.disconnected()));
      }
      return new SetBackup(set, freezeWindow, Duration.ofSeconds(60))
          .backup(BackupOptions.full(), to, ProgressListener.none());
    } finally {
      connections.forEach(RemoteCoordinator::close);
    }
  }

  private CompletableFuture<SetReport> backupInBackground(Path to, Duration freezeWindow) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return backup(to, freezeWindow);
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  /**
   * The member's session of {@code set}: one BackupShutdown, naming the set, with {@code cause};
   * Thaw after Freeze, within {@code window} of it (if frozen and {@code window} is given).
   */
  private static void assertEnded(
      MemberJvm member, String set, ShutdownCause cause, Duration window)
      throws InterruptedException {
    member.awaitEvent(WriterEvent.BACKUP_SHUTDOWN, set, AWAIT);
    List<MemberJvm.Event> events = member.eventsOf(set);
    List<MemberJvm.Event> shutdowns =
        events.stream().filter(e -> e.event() == WriterEvent.BACKUP_SHUTDOWN).toList();
    assertEquals(1, shutdowns.size(), member.name() + ": " + events);
    assertEquals(set, shutdowns.get(0).set(), member.name() + ": " + events);
    assertEquals(
        cause, shutdowns.get(0).shutdownCause().orElseThrow(), member.name() + ": " + events);
    Instant freeze = at(events, WriterEvent.FREEZE);
    Instant thaw = at(events, WriterEvent.THAW);
    if (freeze != null) {
      assertTrue(
          thaw != null && !thaw.isBefore(freeze), member.name() + " never thawed: " + events);
      if (window != null) {
        Duration held = Duration.between(freeze, thaw);
        assertTrue(
            held.compareTo(window.plus(SLACK)) <= 0,
            member.name() + " stayed frozen " + held.toMillis() + " ms: " + events);
      }
    }
  }

  private static Instant at(List<MemberJvm.Event> events, WriterEvent event) {
    return events.stream()
        .filter(e -> e.event() == event)
        .map(MemberJvm.Event::at)
        .findFirst()
        .orElse(null);
  }

  private void assertConsistent(SetReport report) throws Exception {
    VerifiedSet verified = SetVerifier.verify(report.dir());
    assertEquals(List.copyOf(members.keySet()), List.copyOf(verified.parts().keySet()));
    String set = report.id().toString();
    for (MemberJvm member : members.values()) {
      assertEnded(member, set, ShutdownCause.COMPLETED, Duration.ofMillis(WINDOW));
    }
    Instant aFroze = at(m("a").eventsOf(set), WriterEvent.FREEZE);
    Instant bFroze = at(m("b").eventsOf(set), WriterEvent.FREEZE);
    Instant cFroze = at(m("c").eventsOf(set), WriterEvent.FREEZE);
    assertFalse(bFroze.isBefore(aFroze) || cFroze.isBefore(bFroze), "levels out of order");
    Instant aThawed = at(m("a").eventsOf(set), WriterEvent.THAW);
    Instant cThawed = at(m("c").eventsOf(set), WriterEvent.THAW);
    assertFalse(aThawed.isBefore(cThawed), "FRONT_END thawed before SYSTEM");
  }

  @Test
  void setsAcrossThreeApplicationsAreEachWholeAndConsistent() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertConsistent(backup(nextSetDir(), Duration.ofMillis(WINDOW)));
    }
  }

  @Test
  void anApplicationKilledInsideTheGlobalFreezeAbortsTheSetAndThawsTheOthers() throws Exception {
    m("c").command("hold");
    int mark = m("c").mark();
    Path to = nextSetDir();
    CompletableFuture<SetReport> running = backupInBackground(to, Duration.ofMillis(WINDOW));
    String set = m("c").awaitEventAfter(mark, WriterEvent.FREEZE, null, AWAIT).set();
    m("b").awaitEvent(WriterEvent.FREEZE, set, AWAIT); // everyone is frozen now
    m("b").kill();
    members.remove("b");
    Throwable failure = failureOf(running);
    assertTrue(failure instanceof QuiesceException, String.valueOf(failure));
    assertTrue(failure.getMessage().contains("member 'b'"), failure.getMessage());
    assertEnded(m("a"), set, ShutdownCause.ABORTED, Duration.ZERO);
    m("c").command("release");
    assertEnded(m("c"), set, ShutdownCause.ABORTED, null);
    assertFalse(Files.exists(to), "an aborted set leaves nothing");

    membersRunning();
    assertConsistent(backup(nextSetDir(), Duration.ofMillis(WINDOW)));
  }

  @Test
  void theRequestorKilledInsideTheGlobalFreezeLeavesEveryMemberThawedAsRequestorLost()
      throws Exception {
    m("c").command("hold");
    int mark = m("c").mark();
    List<String> args = new ArrayList<>();
    args.add(nextSetDir().toString());
    members.keySet().forEach(n -> args.add(n + "=" + socket(n)));
    String set;
    try (MemberJvm requestor =
        MemberJvm.start("requestor", ChildSetRequestor.class, args.toArray(String[]::new))) {
      set = m("c").awaitEventAfter(mark, WriterEvent.FREEZE, null, AWAIT).set();
      m("b").awaitEvent(WriterEvent.FREEZE, set, AWAIT);
      requestor.kill();
    }
    assertEnded(m("a"), set, ShutdownCause.REQUESTOR_LOST, Duration.ZERO);
    assertEnded(m("b"), set, ShutdownCause.REQUESTOR_LOST, Duration.ZERO);
    m("c").command("release");
    assertEnded(m("c"), set, ShutdownCause.REQUESTOR_LOST, null);

    assertConsistent(backup(nextSetDir(), Duration.ofMillis(WINDOW)));
  }

  @Test
  void aMemberWhoseFreezeHangsIsThawedAtTheSetsDeadlineWithEveryOther() throws Exception {
    m("c").command("hold");
    int mark = m("c").mark();
    Duration window = Duration.ofSeconds(2);
    CompletableFuture<SetReport> running = backupInBackground(nextSetDir(), window);
    Throwable failure = failureOf(running);
    assertTrue(failure instanceof QuiesceException, String.valueOf(failure));
    String set = m("c").awaitEventAfter(mark, WriterEvent.FREEZE, null, AWAIT).set();
    assertEnded(m("a"), set, ShutdownCause.ABORTED, window);
    assertEnded(m("b"), set, ShutdownCause.ABORTED, window);
    m("c").command("release"); // its handler returns: the Thaw queued at the deadline runs
    assertEnded(m("c"), set, ShutdownCause.ABORTED, null);

    assertConsistent(backup(nextSetDir(), Duration.ofMillis(WINDOW)));
  }

  private static Throwable failureOf(CompletableFuture<SetReport> running)
      throws InterruptedException, IOException {
    try {
      SetReport report = running.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
      fail("the set succeeded: " + report);
      return null;
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      return t instanceof java.util.concurrent.CompletionException && t.getCause() != null
          ? t.getCause()
          : t;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the set neither failed nor succeeded within " + AWAIT, e);
    }
  }
}
