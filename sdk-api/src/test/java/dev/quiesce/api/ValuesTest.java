package dev.quiesce.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void everyEventButAbortHasAFailedState() {
    for (WriterEvent event : WriterEvent.values()) {
      Optional<WriterState> state = WriterState.failedAt(event);
      assertEquals(event != WriterEvent.ABORT, state.isPresent(), event.name());
      state.ifPresent(s -> assertTrue(s.isFailed()));
    }
    assertEquals(9, WriterState.FAILED_AT_FREEZE.vssCode());
    assertFalse(WriterState.WAITING_FOR_BACKUP_COMPLETE.isFailed());
  }

  @Test
  void snapshotEventsAreTheFourInsideTheSetAndCapturedOnesTheThreeAfter() {
    Set<WriterEvent> current = EnumSet.noneOf(WriterEvent.class);
    Set<WriterEvent> captured = EnumSet.noneOf(WriterEvent.class);
    for (WriterEvent e : WriterEvent.values()) {
      if (e.hasCurrentSnapshotSet()) {
        current.add(e);
      }
      if (e.hasCapturedSnapshotSet()) {
        captured.add(e);
      }
    }
    assertEquals(
        EnumSet.of(
            WriterEvent.PREPARE_SNAPSHOT,
            WriterEvent.FREEZE,
            WriterEvent.THAW,
            WriterEvent.POST_SNAPSHOT),
        current);
    assertEquals(
        EnumSet.of(WriterEvent.ABORT, WriterEvent.BACKUP_COMPLETE, WriterEvent.BACKUP_SHUTDOWN),
        captured);
  }

  @Test
  void idsRoundTripThroughText() {
    SnapshotSetId id = SnapshotSetId.random();
    assertEquals(id, SnapshotSetId.parse(id.toString()));
    SessionId session = SessionId.random();
    assertEquals(session, SessionId.parse(session.toString()));
    assertThrows(IllegalArgumentException.class, () -> SnapshotSetId.parse("not-a-uuid"));
  }

  @Test
  void illegalEventStateSaysWhatWasCalledWhenAndWhatIsAllowed() {
    IllegalEventStateException e =
        new IllegalEventStateException(
            "WriterContext.currentSnapshotSetId()",
            WriterEvent.BACKUP_SHUTDOWN,
            EnumSet.of(WriterEvent.FREEZE, WriterEvent.THAW));
    assertTrue(
        e.getMessage()
            .startsWith("WriterContext.currentSnapshotSetId() was called during BACKUP_SHUTDOWN"));
    assertTrue(e.getMessage().contains("[FREEZE, THAW]"));
    assertEquals(Optional.of(WriterEvent.BACKUP_SHUTDOWN), e.currentEvent());
    IllegalEventStateException outside = new IllegalEventStateException("m()", null, Set.of());
    assertTrue(outside.getMessage().contains("outside any event handler"));
  }

  @Test
  void writerFailureKindsSayWhetherToRetry() {
    assertTrue(WriterFailure.RETRYABLE.isRetryable());
    assertTrue(WriterFailure.TIMEOUT.isRetryable());
    assertFalse(WriterFailure.NON_RETRYABLE.isRetryable());
    WriterFailureException e = new WriterFailureException(WriterFailure.TIMEOUT, "slow");
    assertEquals(WriterFailure.TIMEOUT, e.failure());
    assertEquals("slow", e.getMessage());
  }
}
