package dev.quiesce.runtime.internal;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.api.spi.SessionRecord;
import dev.quiesce.runtime.WriterStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One writer in one session: its serial lane, what it was sent, its state in the session, and its
 * {@link SessionRecord} (the captured snapshot set id and the {@code @SessionState} instances).
 *
 * <p>The "sent" flags are read and written only under the session's monitor, together with the
 * session's own state, which is what makes "Thaw before Abort", "Abort at most once, never after
 * PostSnapshot" and "exactly one BackupShutdown, last" hold when the requestor, the watchdog and a
 * lost connection act at once.
 */
final class Participant implements SessionRecord {
  private final WriterRegistration writer;
  private final AbstractSession session;
  private final WriterLane lane;
  private final EnumSet<WriterEvent> sent = EnumSet.noneOf(WriterEvent.class);
  private final AtomicReference<SnapshotSetId> captured = new AtomicReference<>();
  private final Map<Class<?>, Object> sessionStates = new HashMap<>();
  private volatile Set<String> selectedComponents = Set.of();
  private volatile boolean backupCompleteDelivered;
  private boolean dropped;
  private boolean released;
  private WriterState state = WriterState.STABLE;
  private WriterFailure failure;
  private String error;

  Participant(WriterRegistration writer, AbstractSession session, WriterLane lane) {
    this.writer = writer;
    this.session = session;
    this.lane = lane;
  }

  WriterRegistration writer() {
    return writer;
  }

  AbstractSession session() {
    return session;
  }

  /**
   * Queues {@code event}; call under the session monitor. The future completes after the status.
   */
  CompletableFuture<EventOutcome> send(WriterEvent event, Duration timeout) {
    if (sent.contains(WriterEvent.BACKUP_SHUTDOWN)) {
      throw new IllegalStateException(
          event
              + " for writer '"
              + writer.name()
              + "' after its BackupShutdown in session "
              + session.id());
    }
    sent.add(event);
    return lane.submit(event, timeout, deadline -> invoke(event, deadline))
        .thenApply(
            outcome -> {
              record(outcome);
              return outcome;
            });
  }

  private EventOutcome invoke(WriterEvent event, Instant deadline) throws Exception {
    if (event == WriterEvent.BACKUP_COMPLETE) {
      backupCompleteDelivered = true;
    }
    EventContexts.Base context = EventContexts.create(event, this, deadline);
    try (var mdc = SessionLog.mdc(session.id())) {
      ActiveEvent.enter(context);
      try {
        writer.dispatcher().dispatch(writer.writer(), context, this);
      } finally {
        ActiveEvent.exit();
        context.deactivate();
      }
    }
    if (context instanceof EventContexts.Identify identify) {
      session.identified(writer, identify.build());
    }
    return context.reported().orElse(EventOutcome.ok(event));
  }

  /** Whether {@code event} was sent; call under the session monitor. */
  boolean wasSent(WriterEvent event) {
    return sent.contains(event);
  }

  /** Whether the writer is left out of the rest of the session; under the session monitor. */
  boolean dropped() {
    return dropped;
  }

  void drop() {
    dropped = true;
  }

  /** The event whose handler overran and is still running, or {@code null}. */
  WriterEvent stuckAt() {
    return lane.stuckAt();
  }

  void select(Set<String> components) {
    selectedComponents = Set.copyOf(components);
  }

  Set<String> selectedComponents() {
    return selectedComponents;
  }

  boolean selected() {
    return !selectedComponents.isEmpty();
  }

  boolean backupCompleteDelivered() {
    return backupCompleteDelivered;
  }

  /** Marks a failure not seen by a handler's outcome (the freeze window expired). */
  void fail(WriterEvent event, WriterFailure kind, String message) {
    record(new EventOutcome(event, EventOutcome.Kind.FAILED, Optional.of(kind), message));
  }

  private void record(EventOutcome outcome) {
    WriterStatus published;
    synchronized (this) {
      if (outcome.kind() == EventOutcome.Kind.NOT_DELIVERED) {
        return;
      }
      if (outcome.hasFailure()) {
        if (!state.isFailed() && failure == null) {
          WriterState at = WriterState.failedAt(outcome.event()).orElse(state);
          state = at;
          failure = outcome.failure().orElseThrow();
          error = outcome.event() + ": " + outcome.message();
        }
      } else if (!state.isFailed()) {
        state = successState(outcome.event(), state);
      }
      published = status();
    }
    if (outcome.event() != WriterEvent.IDENTIFY || outcome.hasFailure()) {
      writer.publish(session.sequence(), published);
    }
  }

  private static WriterState successState(WriterEvent event, WriterState current) {
    return switch (event) {
      case IDENTIFY -> current;
      case PREPARE_SNAPSHOT -> WriterState.WAITING_FOR_FREEZE;
      case FREEZE -> WriterState.WAITING_FOR_THAW;
      case THAW -> WriterState.WAITING_FOR_POST_SNAPSHOT;
      case POST_SNAPSHOT -> WriterState.WAITING_FOR_BACKUP_COMPLETE;
      case PREPARE_BACKUP, ABORT, BACKUP_COMPLETE, BACKUP_SHUTDOWN, PRE_RESTORE, POST_RESTORE ->
          WriterState.STABLE;
    };
  }

  /** The writer's status in this session. */
  synchronized WriterStatus status() {
    return new WriterStatus(
        writer.name(),
        writer.descriptor().id(),
        writer.descriptor().instanceName(),
        writer.instanceId(),
        state,
        Optional.ofNullable(failure),
        Optional.ofNullable(error),
        Optional.of(session.id()));
  }

  synchronized boolean failed() {
    return state.isFailed() || failure != null;
  }

  @Override
  public void captureSnapshotSetId(SnapshotSetId id) {
    SnapshotSetId before = captured.compareAndExchange(null, id);
    if (before != null && !before.equals(id)) {
      throw new IllegalStateException(
          "session "
              + session.id()
              + " already captured snapshot set "
              + before
              + " for writer '"
              + writer.name()
              + "'; a session has one snapshot set, not "
              + id);
    }
  }

  @Override
  public Optional<SnapshotSetId> capturedSnapshotSetId() {
    return Optional.ofNullable(captured.get());
  }

  @Override
  public <T> T sessionState(Class<T> type) {
    synchronized (sessionStates) {
      if (released) {
        throw new IllegalStateException(
            "session " + session.id() + " has ended; its @SessionState instances were dropped");
      }
      Object existing = sessionStates.get(type);
      if (existing == null) {
        existing = session.newSessionState(type);
        sessionStates.put(type, existing);
      }
      return type.cast(existing);
    }
  }

  /** Drops the session's {@code @SessionState} instances: the session is over for this writer. */
  void release() {
    synchronized (sessionStates) {
      released = true;
      sessionStates.clear();
    }
  }
}
