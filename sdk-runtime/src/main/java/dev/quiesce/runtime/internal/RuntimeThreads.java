package dev.quiesce.runtime.internal;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's threads. Handlers run on an unbounded pool: a hung handler holds its own thread
 * and nothing else (a bounded pool would let hung writers starve every later session). Deadlines
 * and freeze windows run on one timer thread, which never runs writer code. Handler deadlines go
 * through the {@link DeadlineWatch}, which wakes that thread once for many events rather than
 * scheduling a task per event. The {@link SessionReaper} ends sessions whose handles were dropped
 * unclosed. All threads are daemons and die when idle, so an unused coordinator costs nothing;
 * {@link #close} stops them all.
 */
@Singleton
final class RuntimeThreads {
  private final ExecutorService handlers;
  private final ExecutorService providers;
  private final ScheduledThreadPoolExecutor timers;
  private final DeadlineWatch deadlines;
  private final SessionReaper reaper;

  @Inject
  RuntimeThreads(RuntimeConfig config) {
    String prefix = config.threadNamePrefix();
    this.handlers =
        Executors.newCachedThreadPool(config.threadFactory().orElse(factory(prefix + "writer-")));
    this.providers =
        Executors.newCachedThreadPool(config.threadFactory().orElse(factory(prefix + "provider-")));
    this.timers =
        new ScheduledThreadPoolExecutor(
            1, config.threadFactory().orElse(factory(prefix + "watchdog-")));
    timers.setRemoveOnCancelPolicy(true);
    timers.setKeepAliveTime(10, TimeUnit.SECONDS);
    timers.allowCoreThreadTimeOut(true);
    this.deadlines = new DeadlineWatch(timers);
    this.reaper =
        new SessionReaper(config.threadFactory().orElse(factory(prefix + "session-reaper-")));
  }

  ExecutorService handlers() {
    return handlers;
  }

  ExecutorService providers() {
    return providers;
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  /** The deadlines of in-flight handlers, watched on the timer thread. */
  DeadlineWatch deadlines() {
    return deadlines;
  }

  /** Ends the sessions whose handles were collected unclosed. */
  SessionReaper reaper() {
    return reaper;
  }

  /**
   * Stops every thread, in reverse order of need: the reaper, then the timers, then the provider
   * and handler pools, each given {@code wait} to finish what it runs before it is interrupted.
   * Called once the coordinator has ended its sessions, so no writer is frozen any more.
   *
   * @return the names of the pools whose threads did not end within {@code wait} after an interrupt
   *     (a handler that ignores interrupts); empty when every thread has ended
   */
  List<String> close(Duration wait) throws InterruptedException {
    reaper.close();
    List<String> stuck = new ArrayList<>();
    // Every session has ended: the deadlines and freeze windows still scheduled belong to them and
    // must not hold the timer thread until they come due.
    timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    stop("timer", timers, wait, stuck);
    stop("provider", providers, wait, stuck);
    stop("handler", handlers, wait, stuck);
    return stuck;
  }

  private static void stop(String name, ExecutorService pool, Duration wait, List<String> stuck)
      throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      pool.shutdownNow();
      if (!pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        stuck.add(name);
      }
    }
  }

  private static ThreadFactory factory(String prefix) {
    return new ThreadFactoryBuilder()
        .setNameFormat(prefix.replace("%", "%%") + "%d")
        .setDaemon(true)
        .build();
  }
}
