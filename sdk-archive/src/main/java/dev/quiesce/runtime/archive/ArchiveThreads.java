package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The archive code's own threads: daemon threads (an archive or restore abandoned by a dying JVM
 * never holds it up) named for what they do, and a stop that waits for them, so that no read or
 * sync outlives the archive write or restore that started it.
 */
final class ArchiveThreads {
  private ArchiveThreads() {}

  /** A pool of {@code threads} daemon threads named {@code name-1}, {@code name-2}, .... */
  static ExecutorService pool(int threads, String name) {
    AtomicInteger started = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name + "-" + started.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Throws {@code failure} as it is if it is an {@link IOException}, an unchecked exception or an
   * error (what a task of these threads may throw); returns if it is null.
   */
  static void rethrow(Throwable failure) throws IOException {
    if (failure instanceof IOException e) {
      throw e;
    } else if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure instanceof Error e) {
      throw e;
    } else if (failure != null) {
      throw new IllegalStateException("a task failed", failure);
    }
  }

  /**
   * Waits up to {@code timeout} for {@code pool}, already shut down, to finish.
   *
   * @param what what the threads do, for the messages ("the archive's hashing threads")
   * @throws IOException if they did not finish in time, or {@link InterruptedIOException} if the
   *     caller is interrupted meanwhile
   */
  static void awaitStopped(ExecutorService pool, Duration timeout, String what) throws IOException {
    try {
      if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(what + " did not finish within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + what);
    }
  }
}
