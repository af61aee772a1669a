package dev.quiesce.benchmarks.bank;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.quiesce.benchmarks.support.Stats;
import dev.quiesce.benchmarks.support.Trees;
import dev.quiesce.examples.bank.Bank;
import dev.quiesce.examples.bank.BankWriter;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.WritersModule;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.backup.BackupReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

/**
 * One provider's rounds on one bank under load: per round, in alternating order, a Quiesce backup
 * ({@link BackupApplication}, the site's provider, the archive written and synced) and Derby's own
 * online backup ({@code SYSCS_UTIL.SYSCS_BACKUP_DATABASE}), which is then synced ({@link
 * Trees#sync}) and timed both without and with that sync. Both go to the site's scratch directory
 * and are deleted after the round, and the filesystem settled ({@link Trees#settle}) before the
 * next backup. One round of each, first, is not counted (the JIT, the first session's set-up).
 */
final class BankRounds {
  private static final long TRANSFERS_BETWEEN = 200;
  private static final long STUCK_NANOS = 120_000_000_000L;

  private BankRounds() {}

  static BankFigures run(Bank bank, BankSite site, int rounds, int threads) throws Exception {
    TakeTimer provider = new TakeTimer(site.provider());
    Injector injector =
        Guice.createInjector(
            Stage.PRODUCTION,
            QuiesceModule.builder().snapshotProvider(provider).build(),
            WritersModule.of(BankWriter.class),
            binder -> binder.bind(Bank.class).toInstance(bank));
    BackupApplication app = injector.getInstance(BackupApplication.class);
    BankFigures figures = BankFigures.of(rounds);
    try (LatencyLoad load = LatencyLoad.start(bank, BankDatabase.ACCOUNTS, threads);
        Connection control = bank.connect();
        PreparedStatement derbyBackup =
            control.prepareStatement("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
      awaitTransfers(load);
      for (int r = -1; r < rounds; r++) {
        boolean quiesceFirst = r % 2 == 0;
        for (boolean quiesce : new boolean[] {quiesceFirst, !quiesceFirst}) {
          Path target = site.scratch().resolve((quiesce ? "archive-" : "derby-") + (r + 1));
          if (quiesce) {
            quiesceRound(app, provider, target, load, r, figures);
          } else {
            derbyRound(derbyBackup, target, load, r, figures);
          }
          Trees.delete(target);
          // Each backup starts on a settled filesystem, not under the last one's deletion.
          Trees.settle(site.scratch());
          awaitTransfers(load);
        }
      }
    } finally {
      injector.getInstance(Coordinator.class).close();
    }
    return figures;
  }

  private static void quiesceRound(
      BackupApplication app,
      TakeTimer provider,
      Path target,
      LatencyLoad load,
      int r,
      BankFigures figures)
      throws Exception {
    long start = System.nanoTime();
    BackupReport report = app.backup(BackupOptions.full(), target, ProgressListener.none());
    long end = System.nanoTime();
    if (r >= 0) {
      figures.window()[r] = report.manifest().timings().freezeWindow().toNanos() / 1e6;
      figures.take()[r] = provider.lastTakeMillis();
      figures.quiesce().set(r, latency(load, start, end), (end - start) / 1e6);
    }
  }

  private static void derbyRound(
      PreparedStatement derbyBackup, Path target, LatencyLoad load, int r, BankFigures figures)
      throws Exception {
    long start = System.nanoTime();
    derbyBackup.setString(1, target.toString());
    derbyBackup.execute();
    long end = System.nanoTime();
    Trees.sync(target);
    long synced = System.nanoTime();
    if (r >= 0) {
      figures.derby().set(r, latency(load, start, end), (end - start) / 1e6);
      figures.derbySynced().set(r, latency(load, start, synced), (synced - start) / 1e6);
    }
  }

  private static Stats latency(LatencyLoad load, long from, long to) {
    List<Double> values = load.latencies(from, to);
    if (values.isEmpty()) {
      return new Stats(new double[] {0});
    }
    return new Stats(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Waits for more transfers, so that each backup starts under load. */
  private static void awaitTransfers(LatencyLoad load) throws InterruptedException {
    long goal = load.transfers() + TRANSFERS_BETWEEN;
    long deadline = System.nanoTime() + STUCK_NANOS;
    while (load.transfers() < goal) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the transfers are stuck: fewer than " + TRANSFERS_BETWEEN + " in 2 min");
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted waiting for transfers");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
