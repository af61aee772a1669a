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
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The test kit, as a writer author uses it: a writer with its own dependency, from JUnit 5. */
class WriterHarnessTest {
  private static final Duration AWAIT = Duration.ofSeconds(10);

  private static WriterHarness<OrdersWriter> harness() {
    return WriterHarness.forWriter(OrdersWriter.class)
        .modules(new AbstractModule() {
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
      assertEquals(r.snapshotSetId(), h.recording().assertOneShutdown(r.session(), ShutdownCause.COMPLETED).snapshotSetId());
      assertTrue(h.writer().inventory.log.contains("freeze " + r.snapshotSetId().orElseThrow()));
      RestoreResult restore = h.restore();
      assertTrue(restore.failure().isEmpty());
      h.recording().assertSequence(restore.session(), WriterEvent.IDENTIFY, WriterEvent.PRE_RESTORE, WriterEvent.POST_RESTORE);
    }
  }

  @Test
  void aHangIsReportedAsTimeoutAndTheWriterIsThawed() throws Exception {
    try (WriterHarness<OrdersWriter> h = harness()) {
      h.faults().inject(WriterEvent.FREEZE, Fault.hang());
      BackupResult r = h.backup().assertFailed();
      assertEquals(WriterState.FAILED_AT_FREEZE, r.status().state());
      assertEquals(WriterFailure.TIMEOUT, r.status().failure().orElseThrow());
      h.backup().assertSucceeded();
      h.faults().releaseHangs();
      h.awaitShutdown(r.session(), AWAIT);
      h.recording().assertInvariants(r.session());
      h.recording().assertOneShutdown(r.session(), ShutdownCause.ABORTED);
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
      assertThrows(AssertionError.class, () -> h.recording().assertSequence(r.session(), WriterEvent.IDENTIFY));
      assertThrows(AssertionError.class, () -> h.recording().assertOneShutdown(r.session(), ShutdownCause.ABORTED));
      assertThrows(
          AssertionError.class,
          () -> h.recording().awaitEvent(r.session(), WriterEvent.ABORT, Duration.ofMillis(50)));
      assertFalse(h.status().failed());
    }
  }
}
