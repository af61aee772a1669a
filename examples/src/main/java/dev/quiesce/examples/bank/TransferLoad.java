package dev.quiesce.examples.bank;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous transfers between random accounts on several threads, each with its own connection:
 * the load under which backups are taken. Stops on {@link #stop()}, rethrowing the first failure of
 * any thread.
 */
public final class TransferLoad {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong transfers = new AtomicLong();
  private final ExecutorService threads;
  private final List<Future<?>> workers = new ArrayList<>();

  private TransferLoad(int threadCount) {
    this.threads =
        Executors.newFixedThreadPool(
            threadCount,
            r -> {
              Thread t = new Thread(r, "transfers");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts {@code threadCount} threads moving money between {@code accounts} accounts. */
  public static TransferLoad start(Bank bank, int accounts, int threadCount) {
    TransferLoad load = new TransferLoad(threadCount);
    for (int i = 0; i < threadCount; i++) {
      long seed = 31L * i + 7;
      load.workers.add(load.threads.submit(() -> load.run(bank, accounts, seed)));
    }
    return load;
  }

  /**
   * Transfers until stopped. While the bank is held offline (a restore in place) the thread closes
   * its connection and waits, then reconnects: a hold is not an error.
   */
  private Void run(Bank bank, int accounts, long seed) throws SQLException, InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    while (running.get()) {
      Optional<Connection> connection = bank.openClient(running::get);
      if (connection.isEmpty()) {
        return null;
      }
      Connection c = connection.get();
      try {
        while (running.get() && !bank.holdRequested()) {
          int from = random.nextInt(accounts);
          int to = random.nextInt(accounts);
          if (from != to && Bank.transfer(c, from, to, 1 + random.nextInt(100))) {
            transfers.incrementAndGet();
            synchronized (transfers) {
              transfers.notifyAll();
            }
          }
        }
      } finally {
        bank.closeClient(c);
      }
    }
    return null;
  }

  /**
   * Waits until {@code count} more transfers have committed, so consecutive backups see different
   * data.
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
