package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.Fault;
import dev.quiesce.runtime.testing.SeenEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A snapshot set taken step by step ({@link SnapshotSetSteps}): two coordinators driven in lockstep
 * through one freeze window, the order enforced, and the member's own watchdog, a close from
 * another thread and a lost requestor each thawing every writer with one BackupShutdown naming the
 * requestor's set id.
 */
class SnapshotSetStepsTest {
  private static final Duration AWAIT = Duration.ofSeconds(10);
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final Duration WRITER_WINDOW = Duration.ofSeconds(20);

  private static Rig twoLevels() {
    return Rig.builder()
        .writer("front", ApplicationLevel.FRONT_END, WRITER_WINDOW.toMillis())
        .writer("back", ApplicationLevel.BACK_END, WRITER_WINDOW.toMillis())
        .build();
  }

  private static List<ApplicationLevel> reversed() {
    List<ApplicationLevel> r = new ArrayList<>(List.of(ApplicationLevel.values()));
    Collections.reverse(r);
    return r;
  }

  private static void assertEveryEventNames(Rig rig, BackupSession s, SnapshotSetId id) {
    for (Rig.W w : rig.all()) {
      for (SeenEvent e : w.recorder().events(s.id())) {
        if (e.event() != WriterEvent.IDENTIFY && e.event() != WriterEvent.PREPARE_BACKUP) {
          assertEquals(Optional.of(id), e.snapshotSetId(), w.name() + " saw " + e);
        }
      }
    }
  }

  @Test
  void twoCoordinatorsInLockstepFreezeEveryFrontEndBeforeAnyBackEndAndNameTheSet()
      throws Exception {
    SnapshotSetId id = SnapshotSetId.random();
    try (Rig a = twoLevels();
        Rig b = twoLevels()) {
      BackupSession sa = a.coordinator.openBackup(BackupOptions.full());
      BackupSession sb = b.coordinator.openBackup(BackupOptions.full());
      try (sa;
          sb) {
        sa.prepareForBackup();
        sb.prepareForBackup();
        try (SnapshotSetSteps ma = sa.beginSnapshotSet(id, Rig.PATHS, LONG);
            SnapshotSetSteps mb = sb.beginSnapshotSet(id, Rig.PATHS, LONG)) {
          assertEquals(id, ma.id());
          assertEquals(Instant.MAX, ma.thawDeadline(), "no window before the first freeze");
          ma.prepare();
          mb.prepare();
          Instant beforeFreeze = Instant.now();
          for (ApplicationLevel level : ApplicationLevel.values()) {
            ma.freeze(level);
            mb.freeze(level);
          }
          // the writers' own 20 s windows end before the set's 30 s one
          Instant deadline = ma.thawDeadline();
          assertTrue(
              !deadline.isBefore(beforeFreeze.plus(WRITER_WINDOW))
                  && !deadline.isAfter(Instant.now().plus(WRITER_WINDOW)),
              "thaw deadline " + deadline + " is the writers' window from their freeze");
          ma.snapshot();
          mb.snapshot();
          for (ApplicationLevel level : reversed()) {
            ma.thaw(level);
            mb.thaw(level);
          }
          SnapshotSet setA = ma.finish();
          SnapshotSet setB = mb.finish();
          assertEquals(id, setA.id());
          assertEquals(id, setB.id());
          assertTrue(setA.quiesced() && setB.quiesced());
        }
        sa.backupComplete();
        sb.backupComplete();
      }
      Instant lastFrontFreeze = Instant.MIN;
      Instant firstBackFreeze = Instant.MAX;
      Instant lastBackThaw = Instant.MIN;
      Instant firstFrontThaw = Instant.MAX;
      for (Rig rig : List.of(a, b)) {
        BackupSession s = rig == a ? sa : sb;
        for (Rig.W w : rig.all()) {
          w.recorder()
              .assertSequence(
                  s.id(),
                  WriterEvent.IDENTIFY,
                  WriterEvent.PREPARE_BACKUP,
                  WriterEvent.PREPARE_SNAPSHOT,
                  WriterEvent.FREEZE,
                  WriterEvent.THAW,
                  WriterEvent.POST_SNAPSHOT,
                  WriterEvent.BACKUP_COMPLETE,
                  WriterEvent.BACKUP_SHUTDOWN);
          w.recorder().assertOneShutdown(s.id(), ShutdownCause.COMPLETED);
          Instant freeze = w.recorder().awaitEvent(s.id(), WriterEvent.FREEZE, AWAIT).started();
          Instant thaw = w.recorder().awaitEvent(s.id(), WriterEvent.THAW, AWAIT).started();
          if (w.name().equals("front")) {
            lastFrontFreeze = max(lastFrontFreeze, freeze);
            firstFrontThaw = min(firstFrontThaw, thaw);
          } else {
            firstBackFreeze = min(firstBackFreeze, freeze);
            lastBackThaw = max(lastBackThaw, thaw);
          }
        }
        assertEveryEventNames(rig, s, id);
      }
      assertFalse(
          firstBackFreeze.isBefore(lastFrontFreeze), "a BACK_END froze before every FRONT_END");
      assertFalse(
          firstFrontThaw.isBefore(lastBackThaw), "a FRONT_END thawed before every BACK_END");
    }
  }

  private static Instant max(Instant x, Instant y) {
    return x.isAfter(y) ? x : y;
  }

  private static Instant min(Instant x, Instant y) {
    return x.isBefore(y) ? x : y;
  }

  @Test
  void stepsOutOfOrderAreRefusedAndChangeNothing() throws Exception {
    try (Rig rig = twoLevels()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        assertThrows(
            IllegalStateException.class,
            () -> s.beginSnapshotSet(SnapshotSetId.random(), Rig.PATHS, LONG),
            "not prepared");
        s.prepareForBackup();
        assertThrows(
            IllegalArgumentException.class,
            () -> s.beginSnapshotSet(SnapshotSetId.random(), List.of(), LONG));
        assertThrows(
            IllegalArgumentException.class,
            () -> s.beginSnapshotSet(SnapshotSetId.random(), Rig.PATHS, Duration.ZERO));
        try (SnapshotSetSteps steps = s.beginSnapshotSet(SnapshotSetId.random(), Rig.PATHS, LONG)) {
          assertThrows(IllegalStateException.class, () -> steps.freeze(ApplicationLevel.FRONT_END));
          steps.prepare();
          assertThrows(IllegalStateException.class, steps::prepare);
          assertThrows(IllegalStateException.class, () -> steps.freeze(ApplicationLevel.BACK_END));
          assertThrows(IllegalStateException.class, steps::snapshot);
          for (ApplicationLevel level : ApplicationLevel.values()) {
            steps.freeze(level);
          }
          assertThrows(IllegalStateException.class, () -> steps.thaw(ApplicationLevel.SYSTEM));
          steps.snapshot();
          assertThrows(IllegalStateException.class, () -> steps.thaw(ApplicationLevel.FRONT_END));
          for (ApplicationLevel level : reversed()) {
            steps.thaw(level);
          }
          assertTrue(steps.finish().quiesced());
          assertThrows(IllegalStateException.class, steps::finish);
        }
        assertThrows(IllegalStateException.class, () -> s.doSnapshotSet(Rig.PATHS), "only once");
        s.backupComplete();
      }
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(s.id(), ShutdownCause.COMPLETED, AWAIT);
      }
    }
  }

  @Test
  void theMembersOwnWindowThawsEveryoneWhenTheRequestorDoesNotComeBack() throws Exception {
    // opened by the first Freeze, it must outlast the three freeze steps even on a loaded machine
    // (at 400 ms a stalled step let it end before the last level froze, failing that step)
    long window = 2_000;
    SnapshotSetId id = SnapshotSetId.random();
    try (Rig rig = twoLevels()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        s.prepareForBackup();
        try (SnapshotSetSteps steps =
            s.beginSnapshotSet(id, Rig.PATHS, Duration.ofMillis(window))) {
          steps.prepare();
          for (ApplicationLevel level : ApplicationLevel.values()) {
            steps.freeze(level);
          }
          // the requestor stays away: the member thaws on its own
          for (Rig.W w : rig.all()) {
            w.recorder().awaitEvent(s.id(), WriterEvent.THAW, AWAIT);
          }
          QuiesceException e = assertThrows(QuiesceException.class, steps::snapshot);
          assertTrue(e.getMessage().contains("freeze window of " + window), e.getMessage());
          assertThrows(QuiesceException.class, () -> steps.thaw(ApplicationLevel.SYSTEM));
        }
      }
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(s.id(), ShutdownCause.ABORTED, AWAIT);
        assertTrue(w.recorder().eventTypes(s.id()).contains(WriterEvent.ABORT));
      }
      assertEveryEventNames(rig, s, id);
      assertNextSetSucceeds(rig);
    }
  }

  @Test
  void closeFromAnotherThreadEndsAHungFreezeAndThawsWhoWasFrozen() throws Exception {
    try (Rig rig = twoLevels()) {
      rig.w("back").faults().inject(WriterEvent.FREEZE, Fault.hang());
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        s.prepareForBackup();
        SnapshotSetSteps steps = s.beginSnapshotSet(SnapshotSetId.random(), Rig.PATHS, LONG);
        steps.prepare();
        steps.freeze(ApplicationLevel.FRONT_END);
        CompletableFuture<Void> backEnd =
            CompletableFuture.runAsync(() -> steps.freeze(ApplicationLevel.BACK_END));
        assertTrue(rig.w("back").faults().awaitFault(WriterEvent.FREEZE, AWAIT));
        steps.close();
        steps.close(); // idempotent
        Throwable failure =
            assertThrows(Exception.class, () -> backEnd.get(AWAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof QuiesceException, failure.toString());
        rig.w("front").recorder().awaitEvent(s.id(), WriterEvent.THAW, AWAIT);
      }
      rig.w("back").faults().releaseHangs();
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(s.id(), ShutdownCause.ABORTED, AWAIT);
      }
      assertNextSetSucceeds(rig);
    }
  }

  @Test
  void aLostRequestorBetweenStepsThawsAtOnceAndFreesTheWindow() throws Exception {
    try (Rig rig = twoLevels()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      s.prepareForBackup();
      SnapshotSetSteps steps = s.beginSnapshotSet(SnapshotSetId.random(), Rig.PATHS, LONG);
      steps.prepare();
      for (ApplicationLevel level : ApplicationLevel.values()) {
        steps.freeze(level);
      }
      assertTrue(rig.coordinator.requestorLost(s.id()));
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(s.id(), ShutdownCause.REQUESTOR_LOST, AWAIT);
      }
      assertThrows(IllegalStateException.class, steps::snapshot, "the session has ended");
      steps.close();
      s.close();
      assertNextSetSucceeds(rig);
    }
  }

  /** The freeze window lock was given back: another session takes a set at once. */
  private static void assertNextSetSucceeds(Rig rig) {
    try (BackupSession next = rig.coordinator.openBackup(BackupOptions.full())) {
      next.prepareForBackup();
      assertTrue(next.doSnapshotSet(Rig.PATHS).quiesced());
      next.backupComplete();
    }
  }
}
