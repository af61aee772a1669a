package dev.quiesce.benchmarks.bank;

import dev.quiesce.benchmarks.support.Results;
import dev.quiesce.benchmarks.support.Stats;
import dev.quiesce.examples.bank.Bank;
import dev.quiesce.runtime.testing.MountUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The user's view of a backup of the Derby bank under load, for each snapshot provider on the file
 * system it is made for ({@link ProviderKind}): per size (the database built once under the work
 * directory and reused; on XFS and btrfs a copy of it on a loop mount made for the run), rounds
 * that alternate a Quiesce backup with Derby's own online backup while 4 threads transfer ({@link
 * BankRounds}). For Quiesce: the write-blocked window (the manifest's freeze window), the
 * transfers' latency p99 and worst stall during the backup, and its total time; for Derby's, plain
 * and followed by a sync of its files: the same latency figures and the total time. Ratios are per
 * round, then their median: the machine is shared.
 *
 * <p>A provider whose file system cannot be mounted here (not root, a tool missing) is skipped with
 * the reason, and the others run.
 *
 * <p>Usage: {@code BankBackupMain [--work DIR] [--providers copy,copy-full,xfs,btrfs] [--rounds N]
 * [--threads N] [--out FILE] [MiB ...]} (default {@code benchmarks/target/bank-backup}, all four, 3
 * rounds, 4 threads, 10 100 1024). {@code copy-full} is the copy provider without its pre-copy: the
 * full-copy window the pre-copy is measured against.
 */
public final class BankBackupMain {
  private BankBackupMain() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of("benchmarks/target/bank-backup");
    Path out = null;
    int rounds = 3;
    int threads = 4;
    List<ProviderKind> providers = List.of(ProviderKind.values());
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--work" -> work = Path.of(args[++i]);
        case "--providers" -> providers = ProviderKind.parse(args[++i]);
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
    List<String> table = new ArrayList<>();
    System.out.printf(
        "bank backup under %d transfer threads, providers %s: medians of %d alternating rounds%n",
        threads, String.join(",", providers.stream().map(ProviderKind::label).toList()), rounds);
    for (int mib : sizes) {
      Bank built = BankDatabase.ensure(work.resolve("db-" + mib + "mib"), mib);
      built.shutdown();
      long bytes = BankDatabase.size(built.directory());
      System.out.printf(Locale.ROOT, "%n%d MiB database (%,d bytes):%n", mib, bytes);
      for (ProviderKind kind : providers) {
        BankFigures f = measure(kind, work, built.directory(), rounds, threads);
        if (f != null) {
          print(kind, f);
          f.store("bank." + mib + "mib." + kind.label() + ".", figures);
          table.add(
              f.row(
                  String.format(Locale.ROOT, "%d MiB (%.0f MB)", mib, bytes / 1e6), kind.label()));
        }
      }
    }
    System.out.printf("%n%s%n", BankFigures.HEADER);
    table.forEach(System.out::println);
    if (out != null) {
      Results.append(out, figures);
    }
  }

  /** {@code kind}'s rounds, or {@code null} (having said why) if its file system cannot be had. */
  private static BankFigures measure(
      ProviderKind kind, Path work, Path built, int rounds, int threads) throws Exception {
    try (BankSite site = BankSite.prepare(kind, work, built)) {
      Bank bank = Bank.open(site.database(), BankDatabase.ACCOUNTS, BankDatabase.BALANCE);
      try {
        return BankRounds.run(bank, site, rounds, threads);
      } finally {
        bank.shutdown();
      }
    } catch (MountUnavailableException e) {
      System.out.printf("  %s: not run: %s%n", kind.label(), e.getMessage());
      return null;
    }
  }

  private static void print(ProviderKind kind, BankFigures f) {
    Stats w = new Stats(f.window());
    System.out.printf(
        Locale.ROOT,
        "  %s provider: write-blocked window %.0f ms median, %.0f ms p99; its take %.0f ms median%n",
        kind.label(),
        w.median(),
        w.percentile(99),
        new Stats(f.take()).median());
    line("Quiesce (" + kind.label() + ")", f.quiesce());
    line("Derby's own backup", f.derby());
    line("Derby's + sync", f.derbySynced());
    Stats tr = BankFigures.ratio(f.quiesce().total(), f.derby().total());
    Stats ts = BankFigures.ratio(f.quiesce().total(), f.derbySynced().total());
    Stats sr = BankFigures.ratio(f.quiesce().stall(), f.derby().stall());
    System.out.printf(
        Locale.ROOT,
        "    total time Quiesce / Derby %.2fx (%.2f..%.2f), / Derby + sync %.2fx (%.2f..%.2f);"
            + " worst stall Quiesce / Derby %.2fx (%.2f..%.2f)%n",
        tr.median(),
        tr.min(),
        tr.max(),
        ts.median(),
        ts.min(),
        ts.max(),
        sr.median(),
        sr.min(),
        sr.max());
  }

  private static void line(String what, BankFigures.Side side) {
    System.out.printf(
        Locale.ROOT,
        "    %-20s transfer p99 %6.1f ms, worst stall %7.1f ms (max %7.1f), total %8.0f ms%n",
        what,
        new Stats(side.p99()).median(),
        new Stats(side.stall()).median(),
        new Stats(side.stall()).max(),
        new Stats(side.total()).median());
  }
}
