package dev.quiesce.set;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one step on every member at once and waits for all of them within a deadline. A member that
 * fails or does not answer in time fails the step (the caller then aborts the set for all); its
 * call may go on in the background, on a thread of its own, which is why the threads are daemons
 * and not shared with anything else.
 */
final class Lockstep implements AutoCloseable {
  /** A member's step failed or did not answer: says which and why. */
  static final class StepFailed extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Object member;

    StepFailed(Object member, String message, Throwable cause) {
      super(message, cause);
      this.member = member;
    }

    Object member() {
      return member;
    }
  }

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ExecutorService threads;

  Lockstep() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "quiesce-set-" + pool + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code action} on each of {@code members} in parallel; returns their results in order.
   *
   * @throws StepFailed for the first member (in order) that failed, or did not answer within {@code
   *     deadline}
   */
  <M, T> List<T> run(String step, List<M> members, Function<M, T> action, Duration deadline)
      throws StepFailed {
    List<Future<T>> futures = new ArrayList<>();
    for (M m : members) {
      futures.add(threads.submit(() -> action.apply(m)));
    }
    long until = System.nanoTime() + deadline.toNanos();
    List<T> results = new ArrayList<>();
    StepFailed failed = null;
    for (int i = 0; i < members.size(); i++) {
      M member = members.get(i);
      try {
        long left = Math.max(0, until - System.nanoTime());
        results.add(futures.get(i).get(left, TimeUnit.NANOSECONDS));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        failed =
            failed != null
                ? failed
                : new StepFailed(member, step + " failed: " + cause.getMessage(), cause);
        results.add(null);
      } catch (TimeoutException e) {
        failed =
            failed != null
                ? failed
                : new StepFailed(
                    member, step + " did not answer within " + deadline.toMillis() + " ms", null);
        results.add(null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailed(member, step + " was interrupted", e);
      }
      if (failed != null) {
        break; // the caller aborts everyone now; waiting for the others would only delay that
      }
    }
    if (failed != null) {
      throw failed;
    }
    return results;
  }

  /** Runs {@code action} on each member in parallel, and waits at most {@code bound} for all. */
  <M> void each(List<M> members, java.util.function.Consumer<M> action, Duration bound) {
    CompletableFuture<?>[] all =
        members.stream()
            .map(m -> CompletableFuture.runAsync(() -> action.accept(m), threads))
            .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(all).get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // each action logs its own failure; the bound only keeps a hung member from holding us
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
