package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.EventRecorder;
import dev.quiesce.runtime.testing.Fault;
import dev.quiesce.runtime.testing.SeenEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backup event, with each fault: the handler throws, the handler hangs past its deadline, the
 * requestor vanishes while the event runs. Two writers take part: "faulty" (FRONT_END, freezes
 * first, thaws last) gets the fault; "healthy" (BACK_END) does not. In every case: frozen writers
 * are thawed, each writer gets exactly one BackupShutdown, last, with its own snapshot set id and
 * the right cause; the status shows the failure; the backup fails promptly, without waiting for a
 * hung handler; and the next backup succeeds (while a hung handler still hangs).
 */
class FaultMatrixTest {
  private static final Duration TIMEOUT = Duration.ofMillis(250);
  private static final Duration PROMPT = Duration.ofSeconds(3);
  private static final Duration AWAIT = Duration.ofSeconds(10);

  enum Kind {
    THROW,
    HANG,
    VANISH
  }

  static Stream<Arguments> cases() {
    return Stream.of(Kind.values())
        .flatMap(
            k ->
                Stream.of(WriterEvent.values())
                    .filter(e -> !e.isRestore())
                    .map(e -> Arguments.of(k, e)));
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("cases")
  void faultAtEvent(Kind kind, WriterEvent event) throws Exception {
    try (Rig rig =
        Rig.builder()
            .timeouts(TIMEOUT)
            .writer("faulty", ApplicationLevel.FRONT_END, 2_000)
            .writer("healthy", ApplicationLevel.BACK_END, 2_000)
            .build()) {
      Rig.W faulty = rig.w("faulty");
      faulty.faults().inject(event, fault(kind));

      long start = System.nanoTime();
      SessionId first = runBackup(rig, event == WriterEvent.ABORT);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(PROMPT) < 0, "the backup took " + took + ", not prompt");

      if (kind != Kind.VANISH) {
        WriterStatus status = statusOf(rig, "faulty");
        Optional<WriterState> failedAt = WriterState.failedAt(event);
        failedAt.ifPresent(s -> assertEquals(s, status.state(), status.toString()));
        assertEquals(
            Optional.of(kind == Kind.HANG ? WriterFailure.TIMEOUT : WriterFailure.RETRYABLE),
            status.failure(),
            status.toString());
        assertTrue(status.error().orElseThrow().startsWith(event.toString()), status.toString());
      }

      // the next backup succeeds, while a hung handler of the first one still hangs
      SessionId second = runBackup(rig, false);
      for (Rig.W w : rig.all()) {
        w.recorder().assertInvariants(second);
        w.recorder().assertOneShutdown(second, ShutdownCause.COMPLETED);
        assertEquals(
            List.of(
                WriterEvent.IDENTIFY,
                WriterEvent.PREPARE_BACKUP,
                WriterEvent.PREPARE_SNAPSHOT,
                WriterEvent.FREEZE,
                WriterEvent.THAW,
                WriterEvent.POST_SNAPSHOT,
                WriterEvent.BACKUP_COMPLETE,
                WriterEvent.BACKUP_SHUTDOWN),
            w.recorder().eventTypes(second));
      }
      assertEquals(WriterState.STABLE, statusOf(rig, "faulty").state());

      faulty.faults().releaseHangs();
      ShutdownCause expected = expectedCause(kind, event);
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEvent(first, WriterEvent.BACKUP_SHUTDOWN, AWAIT);
        EventRecorder<?> rec = w.recorder();
        rec.assertInvariants(first);
        SeenEvent shutdown = rec.assertOneShutdown(first, expected);
        assertEquals(idSeenInSnapshotEvents(rec, first), shutdown.snapshotSetId(), w.name());
        boolean hungInFreeze = kind == Kind.HANG && event == WriterEvent.FREEZE && w == faulty;
        if (!hungInFreeze) {
          assertThawedWithinWindow(rec, first);
        }
      }
      assertAborted(rig, kind, event, first);
      assertTrue(rig.coordinator.activeSessions().isEmpty());
    }
  }

  /** A writer that froze got Thaw within its freeze window (2 s) plus scheduling slack. */
  private static void assertThawedWithinWindow(EventRecorder<?> rec, SessionId session) {
    List<SeenEvent> events = rec.events(session);
    Optional<SeenEvent> freeze =
        events.stream().filter(e -> e.event() == WriterEvent.FREEZE).findFirst();
    if (freeze.isPresent()) {
      SeenEvent thaw =
          events.stream().filter(e -> e.event() == WriterEvent.THAW).findFirst().orElseThrow();
      long took = Duration.between(freeze.get().started(), thaw.started()).toMillis();
      assertTrue(took < 2_000 + 700, "thawed " + took + " ms after Freeze");
    }
  }

  /** Abort reached both writers exactly when the rules say it must. */
  private static void assertAborted(Rig rig, Kind kind, WriterEvent event, SessionId session) {
    boolean abort =
        switch (event) {
          case PREPARE_BACKUP -> kind != Kind.VANISH;
          case PREPARE_SNAPSHOT, FREEZE, THAW, ABORT -> true;
          default -> false;
        };
    for (Rig.W w : rig.all()) {
      boolean saw = w.recorder().eventTypes(session).contains(WriterEvent.ABORT);
      assertEquals(abort, saw, w.name() + " " + w.recorder().events(session));
    }
  }

  private static ShutdownCause expectedCause(Kind kind, WriterEvent event) {
    if (kind == Kind.VANISH) {
      return event == WriterEvent.BACKUP_SHUTDOWN
          ? ShutdownCause.COMPLETED
          : ShutdownCause.REQUESTOR_LOST;
    }
    return switch (event) {
      case PREPARE_BACKUP, PREPARE_SNAPSHOT, FREEZE, THAW, ABORT -> ShutdownCause.ABORTED;
      default -> ShutdownCause.COMPLETED;
    };
  }

  private static Optional<SnapshotSetId> idSeenInSnapshotEvents(EventRecorder<?> rec, SessionId s) {
    return rec.events(s).stream()
        .filter(e -> e.event().hasCurrentSnapshotSet())
        .map(e -> e.snapshotSetId().orElseThrow())
        .findFirst();
  }

  private static Fault fault(Kind kind) {
    return switch (kind) {
      case THROW -> Fault.fail(WriterFailure.RETRYABLE, "injected");
      case HANG -> Fault.hang();
      case VANISH -> Fault.loseRequestor();
    };
  }

  private static WriterStatus statusOf(Rig rig, String name) {
    return rig.coordinator.writers().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** A requestor that goes as far as it can and always closes; with {@code abort}, aborts early. */
  private static SessionId runBackup(Rig rig, boolean abort) throws InterruptedException {
    BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
    try (s) {
      s.gatherWriterMetadata();
      s.prepareForBackup();
      if (abort) {
        s.abort();
        // the requestor stays until the Abort handler runs, so a vanish in it is seen as such
        assertTrue(rig.w("faulty").faults().awaitFault(WriterEvent.ABORT, AWAIT));
        return s.id();
      }
      s.doSnapshotSet(Rig.PATHS);
      s.setBackupSucceeded(new ComponentRef("faulty", "data"), true);
      s.backupComplete();
    } catch (QuiesceException | IllegalStateException expected) {
      // the backup failed as the fault demands; the assertions above and below check how
      assertFalse(expected.getMessage().isEmpty());
    }
    return s.id();
  }
}
