package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.RestoreType;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.WriterContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.Fault;
import dev.quiesce.runtime.testing.GcPoll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Restores: Identify, PreRestore, PostRestore; no Abort, no BackupShutdown; faults at each event.
 */
class RestoreTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  @Test
  void restoreSequence() {
    AtomicReference<Optional<Path>> where = new AtomicReference<>();
    AtomicReference<RestoreType> type = new AtomicReference<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      WriterContext vss = rig.injector.getInstance(WriterContext.class);
      rig.w("db")
          .writer()
          .on(
              WriterEvent.PRE_RESTORE,
              (c, r) -> {
                where.set(((PreRestoreContext) c).alternateLocation());
                type.set(vss.currentRestoreType());
              });
      RestoreSession s =
          rig.coordinator.openRestore(
              RestoreOptions.full()
                  .withRestoreType(RestoreType.IMPORT)
                  .toAlternateLocation(Path.of("/alt")));
      try (s) {
        assertEquals(1, s.gatherWriterMetadata().size());
        s.preRestore();
        s.postRestore();
        assertEquals(WriterState.STABLE, s.gatherWriterStatus().get(0).state());
      }
      rig.w("db")
          .recorder()
          .assertSequence(
              s.id(), WriterEvent.IDENTIFY, WriterEvent.PRE_RESTORE, WriterEvent.POST_RESTORE);
      assertEquals(Optional.of(Path.of("/alt")), where.get());
      assertEquals(RestoreType.IMPORT, type.get());
      assertTrue(rig.coordinator.activeSessions().isEmpty());
    }
  }

  @ParameterizedTest(name = "throw and hang at {0}")
  @EnumSource(
      value = WriterEvent.class,
      names = {"PRE_RESTORE", "POST_RESTORE"})
  void failuresAndHangsAreReportedAndTheNextRestoreSucceeds(WriterEvent event) throws Exception {
    // Only the event under test gets the short deadline: on a busy machine a healthy Identify may
    // take longer than a hang test can afford to wait.
    try (Rig rig = Rig.builder().timeout(event, TIMEOUT).writer("db").build()) {
      Rig.W db = rig.w("db");
      db.faults().inject(event, Fault.fail(WriterFailure.NON_RETRYABLE, "no"));
      assertFailedRestore(rig, event, WriterFailure.NON_RETRYABLE);
      db.faults().inject(event, Fault.hang());
      assertFailedRestore(rig, event, WriterFailure.TIMEOUT);
      try (RestoreSession ok = rig.coordinator.openRestore(RestoreOptions.full())) {
        ok.preRestore();
        ok.postRestore();
      }
      db.faults().releaseHangs();
    }
  }

  private static void assertFailedRestore(Rig rig, WriterEvent event, WriterFailure kind) {
    try (RestoreSession s = rig.coordinator.openRestore(RestoreOptions.full())) {
      QuiesceException e =
          assertThrows(
              QuiesceException.class,
              () -> {
                s.preRestore();
                s.postRestore();
              });
      assertEquals(kind, e.failedWriters().get(0).failure().orElseThrow());
      WriterStatusAssert.failed(
          s.gatherWriterStatus(), "db", WriterState.failedAt(event).orElseThrow(), kind);
    }
  }

  @Test
  void aDroppedRestoreIsCleanedUpAndALostOneEndsAtOnce() throws Exception {
    try (Rig rig = Rig.builder().writer("db").build()) {
      SessionId dropped = openAndDrop(rig);
      GcPoll.until(
          () -> !rig.coordinator.activeSessions().contains(dropped),
          Duration.ofSeconds(20),
          "restore collected");
      rig.w("db").faults().inject(WriterEvent.PRE_RESTORE, Fault.loseRequestor());
      try (RestoreSession s = rig.coordinator.openRestore(RestoreOptions.full())) {
        assertThrows(QuiesceException.class, s::preRestore);
        assertThrows(IllegalStateException.class, s::postRestore);
        rig.w("db").recorder().awaitEvent(s.id(), WriterEvent.PRE_RESTORE, Duration.ofSeconds(10));
        rig.w("db")
            .recorder()
            .assertSequence(s.id(), WriterEvent.IDENTIFY, WriterEvent.PRE_RESTORE);
      }
      assertTrue(rig.coordinator.activeSessions().isEmpty());
    }
  }

  private static SessionId openAndDrop(Rig rig) {
    RestoreSession s = rig.coordinator.openRestore(RestoreOptions.full());
    s.preRestore();
    return s.id();
  }
}
