package dev.quiesce.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.Fault;
import dev.quiesce.runtime.testing.SeenEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A set over three in-process coordinators (one writer each, one per level): the set archive
 * written and verified, one set id everywhere, FRONT_END everywhere before BACK_END anywhere; a
 * member that vetoes or hangs aborts the set for all, everyone thawed, and the next set succeeds.
 */
class SetBackupTest {
  private static final Duration AWAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final List<Rig> rigs = new ArrayList<>();
  private final List<SetMember> members = new ArrayList<>();

  @BeforeEach
  void threeMembers() throws IOException {
    String[] names = {"orders", "shipments", "ledger"};
    for (int i = 0; i < 3; i++) {
      Path data = Files.createDirectories(dir.resolve("data-" + names[i]));
      Files.writeString(data.resolve("rows.txt"), names[i] + " rows\n");
      Rig rig =
          Rig.builder()
              .componentFiles(data)
              .writer(names[i] + "-db", ApplicationLevel.values()[i], 1_500)
              .build();
      rigs.add(rig);
      members.add(SetMember.local(names[i], rig.coordinator));
    }
  }

  @AfterEach
  void closeRigs() {
    rigs.forEach(Rig::close);
  }

  private Rig.W writer(int i) {
    return rigs.get(i).all().get(0);
  }

  private SessionId lastSession(int i) {
    List<SeenEvent> events = writer(i).recorder().events();
    return events.get(events.size() - 1).session();
  }

  private SetReport backup(Path to) throws IOException {
    return new SetBackup(members, Duration.ofSeconds(10), Duration.ofSeconds(20))
        .backup(BackupOptions.full(), to, ProgressListener.none());
  }

  @Test
  void aSetOfThreeIsOneSnapshotSetWrittenAsVerifiableParts() throws Exception {
    Path to = dir.resolve("set");
    SetReport report = backup(to);

    VerifiedSet verified = SetVerifier.verify(to);
    assertEquals(report.id(), verified.manifest().setId());
    assertEquals(SetKind.LOCAL, verified.manifest().kind());
    assertEquals(List.of("orders", "shipments", "ledger"), List.copyOf(verified.parts().keySet()));
    verified.parts().values().forEach(m -> assertEquals(report.id(), m.snapshotSetId()));

    Instant lastFrontFreeze = Instant.MIN;
    Instant firstLaterFreeze = Instant.MAX;
    for (int i = 0; i < 3; i++) {
      SessionId s = lastSession(i);
      SeenEvent end = writer(i).recorder().awaitEnd(s, ShutdownCause.COMPLETED, AWAIT);
      assertEquals(Optional.of(report.id()), end.snapshotSetId());
      Instant freeze = writer(i).recorder().awaitEvent(s, WriterEvent.FREEZE, AWAIT).started();
      if (i == 0) {
        lastFrontFreeze = freeze;
      } else if (freeze.isBefore(firstLaterFreeze)) {
        firstLaterFreeze = freeze;
      }
    }
    assertFalse(firstLaterFreeze.isBefore(lastFrontFreeze), "FRONT_END froze after a later level");
    Instant frontThaw =
        writer(0).recorder().awaitEvent(lastSession(0), WriterEvent.THAW, AWAIT).started();
    Instant systemThaw =
        writer(2).recorder().awaitEvent(lastSession(2), WriterEvent.THAW, AWAIT).started();
    assertFalse(frontThaw.isBefore(systemThaw), "FRONT_END thawed before SYSTEM");
  }

  @Test
  void aMemberThatVetoesFreezeAbortsTheSetForAllAndLeavesNothing() throws Exception {
    writer(1)
        .faults()
        .inject(WriterEvent.FREEZE, Fault.fail(WriterFailure.NON_RETRYABLE, "disk is read-only"));
    Path to = dir.resolve("set");
    QuiesceException e = assertThrows(QuiesceException.class, () -> backup(to));
    assertTrue(e.getMessage().contains("member 'shipments'"), e.getMessage());
    assertTrue(e.getMessage().contains("disk is read-only"), e.getMessage());
    for (int i = 0; i < 3; i++) {
      writer(i).recorder().awaitEnd(lastSession(i), ShutdownCause.ABORTED, AWAIT);
    }
    // FRONT_END had frozen: it was thawed; SYSTEM never froze
    assertTrue(writer(0).recorder().eventTypes(lastSession(0)).contains(WriterEvent.THAW));
    assertFalse(writer(2).recorder().eventTypes(lastSession(2)).contains(WriterEvent.FREEZE));
    assertFalse(Files.exists(to), "a failed set leaves no directory");

    backup(dir.resolve("next"));
    SetVerifier.verify(dir.resolve("next"));
  }

  @Test
  void aMemberWhoseFreezeHangsIsThawedAtItsWindowAndTheOthersAtOnce() throws Exception {
    writer(2).faults().inject(WriterEvent.FREEZE, Fault.hang());
    Path to = dir.resolve("set");
    assertThrows(QuiesceException.class, () -> backup(to));
    for (int i = 0; i < 2; i++) {
      writer(i).recorder().awaitEnd(lastSession(i), ShutdownCause.ABORTED, AWAIT);
      assertTrue(writer(i).recorder().eventTypes(lastSession(i)).contains(WriterEvent.THAW));
    }
    writer(2).faults().releaseHangs();
    writer(2).recorder().awaitEnd(lastSession(2), ShutdownCause.ABORTED, AWAIT);
    assertTrue(writer(2).recorder().eventTypes(lastSession(2)).contains(WriterEvent.THAW));
    backup(dir.resolve("next"));
  }
}
