package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Syncs finished files on threads of their own while the next file is copied, so that a file's
 * {@code fsync} (the device flushing it) overlaps the copy of the next instead of stalling it, and
 * the syncs of small files run side by side (a journaling file system commits them together instead
 * of one commit each). At most {@link #PENDING} files wait for their sync (each holds an open
 * channel). {@link #awaitAll} is the barrier: once it returns every file handed over is durable, or
 * it throws the first failure; the archive writer calls it before it syncs the directories and
 * writes the manifest, so the manifest still comes last.
 */
final class SyncBehind implements AutoCloseable {
  static final int PENDING = 32;

  /**
   * How many syncs run at once. Each small file's {@code fsync} waits for a journal commit, and
   * concurrent ones share a commit: syncing 84 files of 74 KB (the Derby bank's 10 MiB database)
   * took 228 ms on one thread, 53 to 100 ms on four and 29 to 34 ms on 32 (ext4, same run).
   */
  static final int THREADS = 32;

  /**
   * The size from which the archive writer and the restore sync a file before they copy the next:
   * measured with a 1 GiB data set, syncing its 600 MB file behind the next copies gave the disk
   * two streams at once and made the archive write 1.4x slower than syncing it first, and the
   * restore 1.27x to 1.35x slower than the old serial path on a calm machine; syncing it first
   * brought the archive write back to par.
   */
  static final long INLINE_BYTES = 64L << 20;

  /** Syncs files of {@code inlineBytes} or more on the caller's thread, the others behind it. */
  SyncBehind(long inlineBytes) {
    this.inlineBytes = inlineBytes;
  }

  /** A sync (and close) of one file; it throws the error to report, with its context. */
  interface Task {
    void run() throws IOException;
  }

  private final ExecutorService syncer = ArchiveThreads.pool(THREADS, "quiesce-archive-sync");
  private final Semaphore slots = new Semaphore(PENDING);
  private final long inlineBytes;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /**
   * Runs the sync of a file of {@code bytes} behind the caller, waiting for a slot if {@link
   * #PENDING} are queued; a file of {@code inlineBytes} or more is synced on the caller's thread.
   *
   * @throws IOException the failure of an earlier task, if one failed (it is not run then), or this
   *     one's if it ran on the caller's thread
   */
  void submit(long bytes, Task task) throws IOException {
    rethrow();
    if (bytes >= inlineBytes) {
      task.run();
      return;
    }
    acquire(1);
    syncer.execute(
        () -> {
          try {
            task.run(); // even after a failure: each task closes its file
          } catch (IOException | RuntimeException | Error e) {
            failure.compareAndSet(null, e);
          } finally {
            slots.release();
          }
        });
  }

  /** Waits until every task handed over has run; throws the first failure (its own). */
  void awaitAll() throws IOException {
    acquire(PENDING);
    slots.release(PENDING);
    rethrow();
  }

  private void rethrow() throws IOException {
    ArchiveThreads.rethrow(failure.get());
  }

  private void acquire(int n) throws InterruptedIOException {
    try {
      slots.acquire(n);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for files to be synced");
    }
  }

  /**
   * Lets the queued tasks finish (each closes its file, so none stays open) and stops the thread.
   */
  @Override
  public void close() throws IOException {
    syncer.shutdown();
    ArchiveThreads.awaitStopped(syncer, Duration.ofMinutes(10), "syncing the files");
  }
}
