package dev.quiesce.runtime.internal;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's threads. Handlers run on an unbounded pool: a hung handler holds its own thread
 * and nothing else (a bounded pool would let hung writers starve every later session). Deadlines and
 * freeze windows run on one timer thread, which never runs writer code. Handler deadlines go through
 * the {@link DeadlineWatch}, which wakes that thread once for many events rather than scheduling a
 * task per event. All threads are daemons and die when idle, so an unused coordinator costs nothing.
 */
@Singleton
final class RuntimeThreads {
  private final ExecutorService handlers;
  private final ExecutorService providers;
  private final ScheduledThreadPoolExecutor timers;
  private final DeadlineWatch deadlines;

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

  private static ThreadFactory factory(String prefix) {
    return new ThreadFactoryBuilder()
        .setNameFormat(prefix.replace("%", "%%") + "%d")
        .setDaemon(true)
        .build();
  }
}
