package dev.quiesce.benchmarks.bank;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.quiesce.benchmarks.support.Results;
import dev.quiesce.benchmarks.support.Stats;
import dev.quiesce.examples.bank.Bank;
import dev.quiesce.examples.bank.BankWriter;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.WritersModule;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.backup.BackupReport;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The user's view of a backup of the Derby bank under load: per size (built once under the work
 * directory and reused), rounds that alternate a Quiesce backup ({@link BackupApplication}, copy
 * provider, archive written and synced) with Derby's own online backup ({@code
 * SYSCS_UTIL.SYSCS_BACKUP_DATABASE}) of the same database while 4 threads transfer. For Quiesce:
 * the write-blocked window (the manifest's freeze window), the transfers' latency p99 and their
 * worst stall during the backup, and its total time; for Derby's: the same latency figures and its
 * total time. One round of each, first, is not counted. Ratios are per round, then their median:
 * the machine is shared.
 *
 * <p>Only the copy provider on the work directory's file system runs here (whatever it does when
 * this is run: a pre-copy, once it has one). The btrfs and XFS (reflink) providers need the
 * database on such a file system; see BENCHMARKS.md.
 *
 * <p>Usage: {@code BankBackupMain [--work DIR] [--rounds N] [--threads N] [--out FILE] [MiB ...]}
 * (default {@code benchmarks/target/bank-backup}, 3 rounds, 4 threads, 10 100 1024).
 */
public final class BankBackupMain {
  private BankBackupMain() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of("benchmarks/target/bank-backup");
    Path out = null;
    int rounds = 3;
    int threads = 4;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--work" -> work = Path.of(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> sizes.add(Integer.parseInt(args[i]));
      }
    }
    if (sizes.isEmpty()) {
      sizes = List.of(10, 100, 1024);
    }
    work = work.toAbsolutePath();
    Files.createDirectories(work);
    System.setProperty("derby.stream.error.file", work.resolve("derby.log").toString());
    Properties figures = new Properties();
    System.out.printf(
        "bank backup under %d transfer threads: medians of %d alternating rounds%n",
        threads, rounds);
    for (int mib : sizes) {
      measure(work, mib, rounds, threads, figures);
    }
    if (out != null) {
      Results.append(out, figures);
    }
  }

  private static void measure(Path work, int mib, int rounds, int threads, Properties figures)
      throws Exception {
    Path dir = work.resolve("db-" + mib + "mib");
    Bank bank = BankDatabase.ensure(dir, mib);
    long bytes = BankDatabase.size(bank.directory());
    Path scratch = work.resolve("scratch");
    deleteTree(scratch);
    CopySnapshotProvider provider = new CopySnapshotProvider(scratch.resolve("shadow"));
    Injector injector =
        Guice.createInjector(
            Stage.PRODUCTION,
            QuiesceModule.builder().snapshotProvider(provider).build(),
            WritersModule.of(BankWriter.class),
            binder -> binder.bind(Bank.class).toInstance(bank));
    BackupApplication app = injector.getInstance(BackupApplication.class);
    double[] window = new double[rounds];
    double[] quiesceP99 = new double[rounds];
    double[] quiesceStall = new double[rounds];
    double[] quiesceTotal = new double[rounds];
    double[] derbyP99 = new double[rounds];
    double[] derbyStall = new double[rounds];
    double[] derbyTotal = new double[rounds];
    try (LatencyLoad load = LatencyLoad.start(bank, BankDatabase.ACCOUNTS, threads);
        Connection control = bank.connect();
        PreparedStatement derbyBackup =
            control.prepareStatement("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
      awaitTransfers(load, 200);
      // One backup of each kind first, not counted: the JIT and the first session's set-up.
      for (int r = -1; r < rounds; r++) {
        for (boolean quiesce :
            r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
          Path target = scratch.resolve((quiesce ? "archive-" : "derby-") + r);
          long start = System.nanoTime();
          if (quiesce) {
            BackupReport report = app.backup(BackupOptions.full(), target, ProgressListener.none());
            if (r >= 0) {
              window[r] = report.manifest().timings().freezeWindow().toNanos() / 1e6;
            }
          } else {
            derbyBackup.setString(1, target.toString());
            derbyBackup.execute();
          }
          long end = System.nanoTime();
          deleteTree(target);
          awaitTransfers(load, 200);
          if (r < 0) {
            continue;
          }
          Stats latency = new Stats(toArray(load.latencies(start, end)));
          double total = (end - start) / 1e6;
          (quiesce ? quiesceP99 : derbyP99)[r] = latency.percentile(99);
          (quiesce ? quiesceStall : derbyStall)[r] = latency.max();
          (quiesce ? quiesceTotal : derbyTotal)[r] = total;
        }
      }
    } finally {
      injector.getInstance(Coordinator.class).close();
      bank.shutdown();
      deleteTree(scratch);
    }
    String name = "bank." + mib + "mib.";
    System.out.printf(Locale.ROOT, "%n%d MiB database (%,d bytes):%n", mib, bytes);
    Stats w = new Stats(window);
    System.out.printf(
        Locale.ROOT,
        "  copy provider: write-blocked window %.0f ms median, %.0f ms p99%n",
        w.median(),
        w.percentile(99));
    line("Quiesce (copy)", quiesceP99, quiesceStall, quiesceTotal);
    line("Derby's own backup", derbyP99, derbyStall, derbyTotal);
    double[] totalRatio = new double[rounds];
    double[] stallRatio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      totalRatio[r] = quiesceTotal[r] / derbyTotal[r];
      stallRatio[r] = quiesceStall[r] / derbyStall[r];
    }
    Stats tr = new Stats(totalRatio);
    Stats sr = new Stats(stallRatio);
    System.out.printf(
        Locale.ROOT,
        "  total time Quiesce / Derby %.2fx (min %.2f, max %.2f); worst stall Quiesce / Derby"
            + " %.2fx (min %.2f, max %.2f)%n",
        tr.median(),
        tr.min(),
        tr.max(),
        sr.median(),
        sr.min(),
        sr.max());
    figures.setProperty(name + "copy.window.median.ms", fmt(w.median()));
    figures.setProperty(name + "copy.window.p99.ms", fmt(w.percentile(99)));
    figures.setProperty(name + "quiesce.stall.ms", fmt(new Stats(quiesceStall).median()));
    figures.setProperty(name + "quiesce.p99.ms", fmt(new Stats(quiesceP99).median()));
    figures.setProperty(name + "quiesce.total.ms", fmt(new Stats(quiesceTotal).median()));
    figures.setProperty(name + "derby.stall.ms", fmt(new Stats(derbyStall).median()));
    figures.setProperty(name + "derby.p99.ms", fmt(new Stats(derbyP99).median()));
    figures.setProperty(name + "derby.total.ms", fmt(new Stats(derbyTotal).median()));
    figures.setProperty(name + "ratio.total", fmt(tr.median()));
    figures.setProperty(name + "ratio.stall", fmt(sr.median()));
  }

  private static void line(String what, double[] p99, double[] stall, double[] total) {
    System.out.printf(
        Locale.ROOT,
        "  %-20s transfer p99 %6.1f ms, worst stall %7.1f ms (max %7.1f), total %8.0f ms%n",
        what,
        new Stats(p99).median(),
        new Stats(stall).median(),
        new Stats(stall).max(),
        new Stats(total).median());
  }

  /** Waits for {@code n} more transfers, so each backup starts under load. */
  private static void awaitTransfers(LatencyLoad load, long n) throws InterruptedException {
    long goal = load.transfers() + n;
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (load.transfers() < goal) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the transfers are stuck: fewer than " + n + " in 2 min");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private static double[] toArray(List<Double> values) {
    if (values.isEmpty()) {
      return new double[] {0};
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
