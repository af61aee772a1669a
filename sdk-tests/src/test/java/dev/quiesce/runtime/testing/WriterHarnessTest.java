package dev.quiesce.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.runtime.fixtures.Inventory;
import dev.quiesce.runtime.fixtures.OrdersWriter;
import dev.quiesce.runtime.fixtures.ScriptDispatcher;
import dev.quiesce.runtime.fixtures.ScriptWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The test kit, as a writer author uses it: a writer with its own dependency, from JUnit 5. */
class WriterHarnessTest {
  private static final Duration AWAIT = Duration.ofSeconds(10);

  private static WriterHarness<OrdersWriter> harness() {
    return WriterHarness.forWriter(OrdersWriter.class)
        .modules(
            new AbstractModule() {
              @Override
              protected void configure() {
                bind(Inventory.class).toInstance(new Inventory());
              }
            })
        .eventTimeouts(Duration.ofMillis(300))
        .build();
  }

  @Test
  void aGoodBackupAndRestore() {
    try (WriterHarness<OrdersWriter> h = harness()) {
      BackupResult r = h.backup().assertSucceeded();
      h.recording().assertInvariants(r.session());
      assertEquals(
          r.snapshotSetId(),
          h.recording().assertOneShutdown(r.session(), ShutdownCause.COMPLETED).snapshotSetId());
      assertTrue(h.writer().inventory.log.contains("freeze " + r.snapshotSetId().orElseThrow()));
      RestoreResult restore = h.restore();
      assertTrue(restore.failure().isEmpty());
      h.recording()
          .assertSequence(
              restore.session(),
              WriterEvent.IDENTIFY,
              WriterEvent.PRE_RESTORE,
              WriterEvent.POST_RESTORE);
    }
  }

  /** The README's example with a hang: the backup returns once the writer's session has ended. */
  @Test
  void aHangIsReportedAsTimeoutAndTheBackupReturnsOnceTheWriterHadItsShutdown() {
    try (WriterHarness<OrdersWriter> h = harness()) {
      h.faults().inject(WriterEvent.FREEZE, Fault.hang());
      BackupResult r = h.backup().assertFailed();
      h.recording().assertOneShutdown(r.session(), ShutdownCause.ABORTED);
      h.recording().assertInvariants(r.session());
      h.recording()
          .assertSequence(
              r.session(),
              WriterEvent.IDENTIFY,
              WriterEvent.PREPARE_BACKUP,
              WriterEvent.PREPARE_SNAPSHOT,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.ABORT,
              WriterEvent.BACKUP_SHUTDOWN);
      assertEquals(WriterState.FAILED_AT_FREEZE, r.status().state());
      assertEquals(WriterFailure.TIMEOUT, r.status().failure().orElseThrow());

      // that backup released its own hang only: a hang injected later still hangs
      h.faults().inject(WriterEvent.PREPARE_BACKUP, Fault.hang());
      BackupResult next = h.backup().assertFailed();
      assertEquals(WriterState.FAILED_AT_PREPARE_BACKUP, next.status().state());
      assertEquals(WriterFailure.TIMEOUT, next.status().failure().orElseThrow());
      h.recording().assertOneShutdown(next.session(), ShutdownCause.ABORTED);
      h.backup().assertSucceeded();
    }
  }

  @Test
  void aRequestorThatVanishesDuringAHangStillEndsTheSessionBeforeReturning() throws Exception {
    try (WriterHarness<OrdersWriter> h = harness()) {
      h.faults().inject(WriterEvent.PREPARE_BACKUP, Fault.hang());
      BackupResult r =
          h.backupVanishing(RequestorStep.PREPARE_FOR_BACKUP, RequestorExit.LOST).assertFailed();
      h.recording().assertInvariants(r.session());
      h.recording().assertOneShutdown(r.session(), ShutdownCause.REQUESTOR_LOST);
    }
  }

  /** A handler of the writer itself that never returns is a finding, not a silent pass. */
  @Test
  void aHandlerThatNeverReturnsFailsTheBackupCallWithinTheSessionEndTimeout() {
    CountDownLatch stuck = new CountDownLatch(1);
    ScriptWriter writer = new ScriptWriter();
    writer.on(WriterEvent.FREEZE, (c, r) -> stuck.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS));
    try (WriterHarness<ScriptWriter> h =
        WriterHarness.forInstance(writer, new ScriptDispatcher("stuck"))
            .eventTimeouts(Duration.ofMillis(200))
            .sessionEndTimeout(Duration.ofMillis(500))
            .build()) {
      AssertionError e = assertThrows(AssertionError.class, h::backup);
      assertTrue(e.getMessage().contains("FREEZE"), e.getMessage());
      assertTrue(e.getMessage().contains("BackupShutdown"), e.getMessage());
    } finally {
      stuck.countDown();
    }
  }

  @ParameterizedTest
  @EnumSource(RequestorStep.class)
  void theRequestorVanishesAfterAnyStep(RequestorStep step) throws Exception {
    for (RequestorExit exit : RequestorExit.values()) {
      try (WriterHarness<OrdersWriter> h = harness()) {
        BackupResult r = h.backupVanishing(step, exit);
        SeenEvent shutdown = h.awaitShutdown(r.session(), AWAIT);
        h.recording().assertInvariants(r.session());
        h.recording().assertOneShutdown(r.session(), ShutdownCause.REQUESTOR_LOST);
        assertEquals(r.snapshotSetId(), shutdown.snapshotSetId());
        assertEquals(step == RequestorStep.BACKUP_COMPLETE, shutdown.backupCompleteDelivered());
      }
    }
  }

  @Test
  void failedChecksThrowAssertionErrors() {
    try (WriterHarness<OrdersWriter> h = harness()) {
      BackupResult r = h.backup();
      assertThrows(AssertionError.class, r::assertFailed);
      assertThrows(
          AssertionError.class,
          () -> h.recording().assertSequence(r.session(), WriterEvent.IDENTIFY));
      assertThrows(
          AssertionError.class,
          () -> h.recording().assertOneShutdown(r.session(), ShutdownCause.ABORTED));
      assertThrows(
          AssertionError.class,
          () -> h.recording().awaitEvent(r.session(), WriterEvent.ABORT, Duration.ofMillis(50)));
      assertFalse(h.status().failed());
    }
  }
}
