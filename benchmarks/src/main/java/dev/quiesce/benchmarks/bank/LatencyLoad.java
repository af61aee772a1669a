package dev.quiesce.benchmarks.bank;

import dev.quiesce.examples.bank.Bank;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Transfers on {@code threads} threads, as the bank demo's load, recording when each started and
 * how long it took, so that what a backup does to the application can be read off any interval: the
 * latency of the transfers that overlapped it, and the worst of them (the longest stall).
 */
final class LatencyLoad implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ExecutorService threads;
  private final List<Future<?>> workers = new ArrayList<>();
  private final List<Record> records = new ArrayList<>();

  /** One thread's transfers: start and duration in nanoseconds, appended in order. */
  private static final class Record {
    private long[] starts = new long[1 << 16];
    private long[] nanos = new long[1 << 16];
    private int count;

    synchronized void add(long start, long took) {
      if (count == starts.length) {
        starts = java.util.Arrays.copyOf(starts, count * 2);
        nanos = java.util.Arrays.copyOf(nanos, count * 2);
      }
      starts[count] = start;
      nanos[count] = took;
      count++;
    }

    synchronized void collect(long from, long to, List<Double> into) {
      for (int i = count - 1; i >= 0 && starts[i] + nanos[i] >= from; i--) {
        if (starts[i] <= to) {
          into.add(nanos[i] / 1e6);
        }
      }
    }

    synchronized int count() {
      return count;
    }
  }

  private LatencyLoad(int threadCount) {
    threads = Executors.newFixedThreadPool(threadCount);
  }

  static LatencyLoad start(Bank bank, int accounts, int threadCount) {
    LatencyLoad load = new LatencyLoad(threadCount);
    for (int i = 0; i < threadCount; i++) {
      Record record = new Record();
      load.records.add(record);
      long seed = 31L * i + 7;
      load.workers.add(load.threads.submit(() -> load.run(bank, accounts, seed, record)));
    }
    return load;
  }

  private Void run(Bank bank, int accounts, long seed, Record record)
      throws SQLException, InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    Optional<Connection> connection = bank.openClient(running::get);
    if (connection.isEmpty()) {
      return null;
    }
    Connection c = connection.get();
    try {
      while (running.get()) {
        int from = random.nextInt(accounts);
        int to = random.nextInt(accounts);
        if (from == to) {
          continue;
        }
        long start = System.nanoTime();
        Bank.transfer(c, from, to, 1 + random.nextInt(100));
        record.add(start, System.nanoTime() - start);
      }
    } finally {
      bank.closeClient(c);
    }
    return null;
  }

  /** The latencies (ms) of the transfers that overlapped {@code [from, to]} (nanoTime). */
  List<Double> latencies(long from, long to) {
    List<Double> all = new ArrayList<>();
    for (Record r : records) {
      r.collect(from, to, all);
    }
    return all;
  }

  /** How many transfers have been done. */
  long transfers() {
    long n = 0;
    for (Record r : records) {
      n += r.count();
    }
    return n;
  }

  /** Stops the transfers, waiting for each thread; rethrows what stopped one. */
  @Override
  public void close() throws Exception {
    running.set(false);
    threads.shutdown();
    for (Future<?> w : workers) {
      w.get();
    }
  }
}
