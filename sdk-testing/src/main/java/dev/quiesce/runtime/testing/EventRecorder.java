package dev.quiesce.runtime.testing;

import dev.quiesce.api.AbortContext;
import dev.quiesce.api.BackupCompleteContext;
import dev.quiesce.api.BackupShutdownContext;
import dev.quiesce.api.EventContext;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotEventContext;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.spi.SessionRecord;
import dev.quiesce.api.spi.WriterDescriptor;
import dev.quiesce.api.spi.WriterDispatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Wraps a writer's dispatcher and records every event it delivers, with the session, snapshot set
 * id, shutdown cause and failure; then asserts on what was seen. Thread-safe.
 *
 * <p>{@link #assertInvariants(SessionId)} checks the guarantees of the runtime for one session:
 * events in order, Thaw after every Freeze and before Abort, Abort at most once and never after
 * PostSnapshot, exactly one BackupShutdown and nothing after it, one snapshot set id throughout.
 *
 * @param <W> the writer class
 */
public final class EventRecorder<W> implements WriterDispatcher<W> {
  private final WriterDispatcher<W> delegate;
  private int inFlight; // guarded by this
  private final List<SeenEvent> seen = new ArrayList<>();

  /**
   * Records what {@code delegate} delivers (a generated dispatcher, or a {@link FaultInjector}).
   */
  public EventRecorder(WriterDispatcher<W> delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public WriterDescriptor descriptor() {
    return delegate.descriptor();
  }

  @Override
  public void dispatch(W writer, EventContext context, SessionRecord session) throws Exception {
    Optional<String> failure = Optional.empty();
    Instant started = Instant.now();
    synchronized (this) {
      inFlight++;
    }
    try {
      delegate.dispatch(writer, context, session);
    } catch (Exception | Error e) {
      failure = Optional.of(String.valueOf(e));
      throw e;
    } finally {
      record(context, failure, started);
    }
  }

  private void record(EventContext context, Optional<String> failure, Instant started) {
    Optional<SnapshotSetId> id = Optional.empty();
    Optional<ShutdownCause> cause = Optional.empty();
    boolean completeDelivered = false;
    if (context instanceof SnapshotEventContext s) {
      id = Optional.of(s.currentSnapshotSetId());
    } else if (context instanceof AbortContext a) {
      id = a.snapshotSetId();
    } else if (context instanceof BackupCompleteContext c) {
      id = c.snapshotSetId();
    } else if (context instanceof BackupShutdownContext s) {
      id = s.snapshotSetId();
      cause = Optional.of(s.cause());
      completeDelivered = s.backupCompleteDelivered();
    }
    SeenEvent e =
        new SeenEvent(
            context.event(),
            context.sessionId(),
            id,
            cause,
            completeDelivered,
            failure,
            Thread.currentThread().getName(),
            started);
    synchronized (this) {
      seen.add(e);
      inFlight--;
      notifyAll();
    }
  }

  /**
   * Waits (bounded) until no event is being handled: every handler that started has returned and
   * been recorded. After releasing hangs, this is when the recording holds what they did.
   *
   * @throws AssertionError if a handler is still running after {@code timeout}
   */
  public synchronized void awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new AssertionError(
            descriptor().name()
                + " is still handling "
                + inFlight
                + " event(s) after "
                + timeout
                + "; a handler that never returns holds its thread (events seen so far: "
                + seen
                + ")");
      }
      wait(left);
    }
  }

  /** Every event seen, in delivery order. */
  public synchronized List<SeenEvent> events() {
    return List.copyOf(seen);
  }

  /** The events of one session, in delivery order. */
  public synchronized List<SeenEvent> events(SessionId session) {
    return seen.stream().filter(e -> e.session().equals(session)).toList();
  }

  /** The event types of one session, in delivery order. */
  public List<WriterEvent> eventTypes(SessionId session) {
    return events(session).stream().map(SeenEvent::event).toList();
  }

  /**
   * Waits (bounded) until {@code event} of {@code session} was seen.
   *
   * @throws AssertionError if it was not seen within {@code timeout}
   */
  public synchronized SeenEvent awaitEvent(SessionId session, WriterEvent event, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<SeenEvent> found =
          seen.stream().filter(e -> e.session().equals(session) && e.event() == event).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new AssertionError(
            descriptor().name()
                + " did not see "
                + event
                + " of session "
                + session
                + " within "
                + timeout
                + "; it saw "
                + events(session));
      }
      wait(left);
    }
  }

  /**
   * Waits (bounded) for the session's BackupShutdown, then asserts the runtime's guarantees for the
   * session ({@link #assertInvariants}) and that it was the one BackupShutdown, with {@code cause}:
   * how a test checks that a session ended as it should.
   *
   * @return the BackupShutdown
   */
  public SeenEvent awaitEnd(SessionId session, ShutdownCause cause, Duration timeout)
      throws InterruptedException {
    awaitEvent(session, WriterEvent.BACKUP_SHUTDOWN, timeout);
    assertInvariants(session);
    return assertOneShutdown(session, cause);
  }

  /** Asserts the session's events were exactly {@code expected}, in order. */
  public void assertSequence(SessionId session, WriterEvent... expected) {
    List<WriterEvent> actual = eventTypes(session);
    if (!actual.equals(Arrays.asList(expected))) {
      throw new AssertionError(
          descriptor().name()
              + " in session "
              + session
              + ": expected events "
              + Arrays.asList(expected)
              + " but saw "
              + events(session));
    }
  }

  /**
   * Asserts exactly one BackupShutdown with {@code cause} was seen for the session, and returns it.
   */
  public SeenEvent assertOneShutdown(SessionId session, ShutdownCause cause) {
    List<SeenEvent> shutdowns =
        events(session).stream().filter(e -> e.event() == WriterEvent.BACKUP_SHUTDOWN).toList();
    if (shutdowns.size() != 1) {
      throw new AssertionError(
          descriptor().name()
              + " saw "
              + shutdowns.size()
              + " BackupShutdown for session "
              + session
              + " (exactly one expected): "
              + events(session));
    }
    SeenEvent s = shutdowns.get(0);
    if (s.cause().orElse(null) != cause) {
      throw new AssertionError(
          "BackupShutdown of session "
              + session
              + " had cause "
              + s.cause().orElse(null)
              + ", expected "
              + cause);
    }
    return s;
  }

  /** Asserts the runtime's ordering guarantees for one session (see the class comment). */
  public void assertInvariants(SessionId session) {
    List<SeenEvent> events = events(session);
    List<WriterEvent> types = events.stream().map(SeenEvent::event).toList();
    String where = descriptor().name() + " in session " + session + " saw " + events + ": ";
    int freeze = types.indexOf(WriterEvent.FREEZE);
    int thaw = types.indexOf(WriterEvent.THAW);
    int abort = types.indexOf(WriterEvent.ABORT);
    int post = types.indexOf(WriterEvent.POST_SNAPSHOT);
    int shutdown = types.indexOf(WriterEvent.BACKUP_SHUTDOWN);
    for (WriterEvent e : WriterEvent.values()) {
      if (e != WriterEvent.IDENTIFY && types.stream().filter(t -> t == e).count() > 1) {
        throw new AssertionError(where + e + " delivered more than once");
      }
    }
    if (freeze >= 0 && thaw < freeze) {
      throw new AssertionError(where + "Freeze without a later Thaw");
    }
    if (abort >= 0 && freeze >= 0 && abort < thaw) {
      throw new AssertionError(where + "Abort before Thaw");
    }
    if (abort >= 0 && post >= 0) {
      throw new AssertionError(where + "Abort and PostSnapshot in one session");
    }
    if (shutdown >= 0 && shutdown != types.size() - 1) {
      throw new AssertionError(where + "an event after BackupShutdown");
    }
    WriterEvent previous = null;
    for (WriterEvent e : types) {
      if (previous != null && e != WriterEvent.BACKUP_SHUTDOWN) {
        boolean ok =
            previous != WriterEvent.ABORT
                && (e == WriterEvent.ABORT || e.ordinal() >= previous.ordinal());
        if (!ok) {
          throw new AssertionError(where + e + " after " + previous);
        }
      }
      previous = e;
    }
    List<SnapshotSetId> ids =
        events.stream().flatMap(e -> e.snapshotSetId().stream()).distinct().toList();
    if (ids.size() > 1) {
      throw new AssertionError(where + "more than one snapshot set id " + ids);
    }
  }
}
