package dev.quiesce.runtime.internal;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the sessions whose handles were garbage-collected unclosed (VSS raises BackupShutdown when
 * the backup object is released "by the requestor or by the system"). A {@link
 * java.lang.ref.Cleaner} does the same, but its thread lives until the Cleaner itself is collected,
 * so a closed coordinator would leave it behind; this one belongs to its coordinator: its thread
 * starts with the first watched handle, ends when none has been watched for {@link #IDLE_MILLIS},
 * and is stopped by {@link #close()}.
 *
 * <p>A registered action must not refer to the handle, or the handle would never become
 * unreachable. Each action runs at most once: when its handle is collected, or on {@link
 * Watch#clean()}, whichever comes first.
 */
final class SessionReaper {
  private static final Logger LOG = LoggerFactory.getLogger(SessionReaper.class);

  /** How long the thread waits with nothing watched before it ends. */
  static final long IDLE_MILLIS = 10_000;

  private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
  private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
  private final ThreadFactory threads;
  private Thread thread; // guarded by this
  private boolean closed; // guarded by this

  SessionReaper(ThreadFactory threads) {
    this.threads = threads;
  }

  /** A handle being watched; {@link #clean()} runs its action now if it has not run. */
  final class Watch extends PhantomReference<Object> {
    private final Runnable action;

    private Watch(Object handle, Runnable action) {
      super(handle, queue);
      this.action = action;
    }

    /** Runs the action, unless it has run already; stops watching the handle. */
    void clean() {
      if (watched.remove(this)) {
        clear();
        action.run();
      }
    }
  }

  /** Watches {@code handle}: {@code action} runs when it is collected, unless cleaned first. */
  Watch register(Object handle, Runnable action) {
    Watch watch = new Watch(handle, action);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the coordinator is closed");
      }
      // Added under the lock: an idle thread checks for watched handles under it before it ends.
      watched.add(watch);
      if (thread == null) {
        thread = threads.newThread(this::run);
        thread.start();
      }
    }
    return watch;
  }

  private void run() {
    while (true) {
      Watch collected;
      try {
        collected = (Watch) queue.remove(IDLE_MILLIS);
      } catch (InterruptedException e) {
        return; // closed
      }
      if (collected != null) {
        try {
          collected.clean();
        } catch (RuntimeException | Error e) {
          LOG.error("ending a session whose handle was dropped unclosed failed: {}", e, e);
        }
        continue;
      }
      synchronized (this) {
        if (closed || watched.isEmpty()) {
          thread = null;
          return;
        }
      }
    }
  }

  /** Stops the thread; sessions still watched are the coordinator's to end. */
  void close() throws InterruptedException {
    Thread running;
    synchronized (this) {
      closed = true;
      running = thread;
      thread = null;
    }
    if (running != null) {
      running.interrupt();
      running.join(TimeUnit.SECONDS.toMillis(10));
    }
  }
}
