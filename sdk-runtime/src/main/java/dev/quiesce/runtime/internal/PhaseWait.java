package dev.quiesce.runtime.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for one phase's events: until every writer answered (each future completes by its handler's
 * deadline), the phase is interrupted (abort, a lost requestor, an expired freeze window), or the
 * bound passes. It also stops waiting for writers whose lane is stuck behind an earlier handler
 * that overran: their event runs only when that handler returns, and nobody else waits for it.
 *
 * <p>It waits for all the writers it still waits for at once, not for the next one to answer: the
 * requestor's thread wakes once per phase instead of once per writer. Each of those wakes competed
 * for the CPUs with the handlers still running, right while writers were frozen. A lane that
 * becomes stuck during the wait is noticed at the next slice, at most 25 ms later.
 */
final class PhaseWait {
  private static final long SLICE_MILLIS = 25;

  private PhaseWait() {}

  /** The outcomes that arrived; writers that did not answer are missing from the result. */
  static Map<Participant, EventOutcome> await(
      Map<Participant, CompletableFuture<EventOutcome>> futures,
      CompletableFuture<?> interrupt,
      Duration bound,
      SessionLog log)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!interrupt.isDone()) {
      List<Participant> pending =
          futures.keySet().stream().filter(p -> !futures.get(p).isDone()).toList();
      if (pending.isEmpty()) {
        break;
      }
      List<Participant> answering = pending.stream().filter(p -> p.stuckAt() == null).toList();
      if (answering.isEmpty()) {
        log.warn(
            "not waiting for {}: an earlier handler of theirs overran its deadline and still runs;"
                + " their events follow when it returns",
            AbstractSession.names(pending));
        break;
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        log.warn(
            "writers {} did not answer within {} ms",
            AbstractSession.names(pending),
            bound.toMillis());
        break;
      }
      CompletableFuture<?>[] waitFor =
          answering.stream().map(futures::get).toArray(CompletableFuture<?>[]::new);
      try {
        CompletableFuture.anyOf(CompletableFuture.allOf(waitFor), interrupt)
            .get(Math.min(left, SLICE_MILLIS), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // next slice: re-check what is pending and stuck
      }
    }
    Map<Participant, EventOutcome> outcomes = new LinkedHashMap<>();
    futures.forEach(
        (p, f) -> {
          if (f.isDone()) {
            outcomes.put(p, f.join());
          }
        });
    return outcomes;
  }
}
