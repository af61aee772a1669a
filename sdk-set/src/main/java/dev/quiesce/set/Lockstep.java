package dev.quiesce.set;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one step on every member at once and waits for all of them within a deadline. A member that
 * fails, does not answer in time, or is lost meanwhile (even one whose step already returned) fails
 * the step at once; the caller then aborts the set for all. A late member's call may go on in the
 * background, on a thread of its own, which is why the threads are daemons of this set alone.
 */
final class Lockstep implements AutoCloseable {
  /** A member's step failed, was late, or the member was lost: says which and why. */
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
   * @param lost each member's lost signal, in the same order
   * @throws StepFailed for a member that failed, was lost, or did not answer within {@code
   *     deadline}: the first one noticed
   */
  <M, T> List<T> run(
      String step,
      List<M> members,
      Function<M, T> action,
      Duration deadline,
      Function<M, CompletableFuture<?>> lost)
      throws StepFailed {
    List<CompletableFuture<T>> calls = new ArrayList<>();
    CompletableFuture<Object> trouble = new CompletableFuture<>();
    for (M m : members) {
      CompletableFuture<T> call = CompletableFuture.supplyAsync(() -> action.apply(m), threads);
      call.whenComplete(
          (r, t) -> {
            if (t != null) {
              trouble.complete(
                  new StepFailed(m, step + " failed: " + cause(t).getMessage(), cause(t)));
            }
          });
      lost.apply(m)
          .whenComplete(
              (r, t) ->
                  trouble.complete(
                      new StepFailed(
                          m, "was lost (its process or connection ended) at " + step, null)));
      calls.add(call);
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    try {
      CompletableFuture.anyOf(all, trouble).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailed(members.get(0), step + " was interrupted", e);
    } catch (ExecutionException e) {
      // a call failed: trouble says which
    } catch (TimeoutException e) {
      for (int i = 0; i < members.size(); i++) {
        if (!calls.get(i).isDone()) {
          throw new StepFailed(
              members.get(i), step + " did not answer within " + deadline.toMillis() + " ms", null);
        }
      }
    }
    if (trouble.isDone()) {
      throw (StepFailed) trouble.join();
    }
    // a failed call may complete allOf before its own callback completed trouble
    for (int i = 0; i < members.size(); i++) {
      if (calls.get(i).isCompletedExceptionally()) {
        Throwable t = calls.get(i).handle((r, e) -> cause(e)).join();
        throw new StepFailed(members.get(i), step + " failed: " + t.getMessage(), t);
      }
    }
    return calls.stream().map(CompletableFuture::join).toList();
  }

  private static Throwable cause(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** Runs {@code action} on each member in parallel, and waits at most {@code bound} for all. */
  <M> void each(List<M> members, Consumer<M> action, Duration bound) {
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
