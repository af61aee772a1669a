package dev.quiesce.runtime.internal;

import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterFailureException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The serial lane of one writer in one session: its events run one at a time, in the order they
 * were submitted, on the shared handler pool.
 *
 * <p>Each event's future completes when the handler returns or when its deadline passes, whichever
 * comes first, so the coordinator never waits past a deadline. A handler that overruns keeps its
 * thread and keeps this lane busy (the lane is then "stuck"); events submitted meanwhile — the Thaw
 * owed after a hung Freeze, Abort, BackupShutdown — run as soon as it returns. Other writers and
 * other sessions have other lanes, so a hung handler holds nobody else. Handlers are not
 * interrupted, as in VSS: a writer learns it overran from {@code EventContext.deadline()}.
 *
 * <p>Deadlines are enforced by the coordinator's {@link DeadlineWatch}: each event registers its
 * deadline when its handler starts and deregisters it when the handler returns, without a task
 * scheduled and cancelled per event (that took a lock shared by every lane and woke the timer
 * thread, while writers were frozen).
 */
final class WriterLane {
  /** The work of one event: dispatch it and tell how it went. */
  @FunctionalInterface
  interface Invocation {
    EventOutcome run(Instant deadline) throws Exception;
  }

  private record Task(
      WriterEvent event,
      Duration timeout,
      Invocation invocation,
      CompletableFuture<EventOutcome> done) {}

  private final String writerName;
  private final Executor executor;
  private final DeadlineWatch deadlines;
  private final SessionLog log;
  private final ArrayDeque<Task> queue = new ArrayDeque<>();
  private boolean running;
  private WriterEvent stuckAt;

  WriterLane(String writerName, Executor executor, DeadlineWatch deadlines, SessionLog log) {
    this.writerName = writerName;
    this.executor = executor;
    this.deadlines = deadlines;
    this.log = log;
  }

  /** Queues an event; the future completes when its handler returns or its deadline passes. */
  CompletableFuture<EventOutcome> submit(
      WriterEvent event, Duration timeout, Invocation invocation) {
    Task task = new Task(event, timeout, invocation, new CompletableFuture<>());
    boolean start;
    synchronized (this) {
      queue.add(task);
      start = !running;
      running = true;
    }
    if (start) {
      executor.execute(this::drain);
    }
    return task.done();
  }

  /** The event whose handler overran its deadline and has not returned yet, or {@code null}. */
  synchronized WriterEvent stuckAt() {
    return stuckAt;
  }

  private void drain() {
    while (true) {
      Task task;
      synchronized (this) {
        task = queue.poll();
        if (task == null) {
          running = false;
          return;
        }
      }
      run(task);
    }
  }

  private void run(Task task) {
    WriterEvent event = task.event();
    long timeoutMillis = Math.max(1, task.timeout().toMillis());
    Instant deadline = Instant.now().plus(task.timeout());
    DeadlineWatch.Entry watched =
        deadlines.register(
            TimeUnit.MILLISECONDS.toNanos(timeoutMillis), () -> expire(task, timeoutMillis));
    EventOutcome outcome;
    try {
      outcome = task.invocation().run(deadline);
    } catch (WriterFailureException e) {
      outcome = EventOutcome.failed(event, e.failure(), message(e));
      log.error("writer '{}' failed {}: {} {}", writerName, event, e.failure(), message(e), e);
    } catch (Throwable e) {
      // any throwable, Errors included: a handler's StackOverflowError must not wedge the lane
      outcome = EventOutcome.failed(event, WriterFailure.NON_RETRYABLE, message(e));
      log.error("writer '{}' failed {}: {}", writerName, event, message(e), e);
    } finally {
      deadlines.deregister(watched);
    }
    boolean inTime = task.done().complete(outcome);
    if (!inTime) {
      log.warn(
          "writer '{}' returned from {} after its deadline of {} ms (outcome {}); its queued events"
              + " run now",
          writerName,
          event,
          timeoutMillis,
          outcome.kind());
      synchronized (this) {
        stuckAt = null;
      }
    }
  }

  private void expire(Task task, long timeoutMillis) {
    String message = task.event() + " handler did not return within " + timeoutMillis + " ms";
    synchronized (this) {
      if (task.done().complete(EventOutcome.timedOut(task.event(), message))) {
        stuckAt = task.event();
        log.error("writer '{}' timed out: {}", writerName, message);
      }
    }
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getName() : m;
  }
}
