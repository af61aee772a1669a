package dev.quiesce.examples.postgres.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transfers between random accounts of a {@link Ledger} on several threads, each on its own JDBC
 * connection: the write load backups are taken under. It can be paused (every transfer in flight
 * finishes, none starts) while the server is stopped, and reconnects after. {@link #stop()}
 * rethrows the first failure of any thread.
 */
public final class TransferLoad {
  /** Opens a connection to the database. */
  public interface Connector {
    Connection connect() throws SQLException;
  }

  private final int threadCount;
  private final Semaphore permits;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger epoch = new AtomicInteger();
  private final AtomicLong transfers = new AtomicLong();
  private final ExecutorService threads;
  private final List<Future<?>> workers = new ArrayList<>();

  private TransferLoad(int threadCount) {
    this.threadCount = threadCount;
    this.permits = new Semaphore(threadCount, true);
    this.threads =
        Executors.newFixedThreadPool(
            threadCount,
            r -> {
              Thread t = new Thread(r, "pg-transfers");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts {@code threadCount} threads moving money between {@code accounts} accounts. */
  public static TransferLoad start(Connector connector, int accounts, int threadCount) {
    TransferLoad load = new TransferLoad(threadCount);
    for (int i = 0; i < threadCount; i++) {
      long seed = 31L * i + 7;
      load.workers.add(load.threads.submit(() -> load.run(connector, accounts, seed)));
    }
    return load;
  }

  private Void run(Connector connector, int accounts, long seed)
      throws SQLException, InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    Connection c = null;
    int connectedIn = -1;
    try {
      while (running.get()) {
        if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue; // paused, or stopping: look at running again
        }
        try {
          if (connectedIn != epoch.get()) {
            if (c != null) {
              c.close();
            }
            c = connector.connect();
            connectedIn = epoch.get();
          }
          int from = random.nextInt(accounts);
          int to = random.nextInt(accounts);
          if (from != to) {
            Ledger.transfer(c, from, to, 1 + random.nextInt(100));
            transfers.incrementAndGet();
            synchronized (transfers) {
              transfers.notifyAll();
            }
          }
        } finally {
          permits.release();
        }
      }
    } finally {
      if (c != null) {
        c.close();
      }
    }
    return null;
  }

  /**
   * Waits until every transfer in flight has committed and holds the rest: the server may then be
   * stopped. Each thread reconnects after {@link #resume()}.
   */
  public void pause() throws InterruptedException {
    permits.acquire(threadCount);
    epoch.incrementAndGet();
  }

  /** Lets the transfers go on after {@link #pause()}. */
  public void resume() {
    permits.release(threadCount);
  }

  /**
   * Waits until {@code count} more transfers have committed.
   *
   * @throws IllegalStateException if they did not within 60 seconds: the load is stuck
   */
  public void awaitMoreTransfers(long count) throws InterruptedException {
    long target = transfers.get() + count;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (transfers) {
      while (transfers.get() < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "the transfers made no progress for 60 s: " + transfers.get() + " of " + target);
        }
        TimeUnit.NANOSECONDS.timedWait(transfers, left);
      }
    }
  }

  /** How many transfers have committed so far. */
  public long transfers() {
    return transfers.get();
  }

  /** Stops the threads and waits for them; rethrows the first failure. */
  public void stop() throws SQLException, InterruptedException {
    running.set(false);
    threads.shutdown();
    for (Future<?> worker : workers) {
      try {
        worker.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        throw new IllegalStateException("a transfer thread failed", e.getCause());
      }
    }
  }
}
