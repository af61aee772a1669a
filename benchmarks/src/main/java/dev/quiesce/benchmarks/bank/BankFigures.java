package dev.quiesce.benchmarks.bank;

import dev.quiesce.benchmarks.support.Stats;
import java.util.Locale;
import java.util.Properties;

/**
 * One provider's counted rounds at one size, each array indexed by round (milliseconds): Quiesce's
 * write-blocked window and the provider's {@code take} inside it, and for Quiesce, Derby's own
 * backup, and Derby's backup followed by a sync of its files (the same footing as Quiesce's synced
 * archive), the transfers' latency p99 and worst stall during it and its total time. Ratios are
 * taken per round and then their median, as the machine is shared.
 */
record BankFigures(double[] window, double[] take, Side quiesce, Side derby, Side derbySynced) {

  /** The header of the table of {@link #row}s. */
  static final String HEADER =
      "| data | provider | write-blocked window: median / p99 (the provider's take, median)"
          + " | transfer p99 during the backup: Quiesce / Derby / Derby + sync"
          + " | worst stall: Quiesce / Derby / Derby + sync (ratio to Derby; to Derby + sync)"
          + " | total time: Quiesce / Derby / Derby + sync (ratio to Derby; to Derby + sync) |\n"
          + "| --- | --- | --- | --- | --- | --- |";

  /** One kind of backup's figures over the rounds. */
  record Side(double[] p99, double[] stall, double[] total) {
    static Side of(int rounds) {
      return new Side(new double[rounds], new double[rounds], new double[rounds]);
    }

    void set(int round, Stats latency, double totalMs) {
      p99[round] = latency.percentile(99);
      stall[round] = latency.max();
      total[round] = totalMs;
    }
  }

  static BankFigures of(int rounds) {
    return new BankFigures(
        new double[rounds], new double[rounds], Side.of(rounds), Side.of(rounds), Side.of(rounds));
  }

  /** Per-round {@code a[r] / b[r]}. */
  static Stats ratio(double[] a, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] / b[i];
    }
    return new Stats(r);
  }

  /** Adds the medians and ratios under {@code prefix} (such as {@code bank.10mib.btrfs.}). */
  void store(String prefix, Properties into) {
    into.setProperty(prefix + "window.median.ms", fmt(new Stats(window).median()));
    into.setProperty(prefix + "window.p99.ms", fmt(new Stats(window).percentile(99)));
    into.setProperty(prefix + "take.median.ms", fmt(new Stats(take).median()));
    store(prefix + "quiesce.", quiesce, into);
    store(prefix + "derby.", derby, into);
    store(prefix + "derby-synced.", derbySynced, into);
    into.setProperty(prefix + "ratio.total", fmtRatio(ratio(quiesce.total, derby.total).median()));
    into.setProperty(prefix + "ratio.stall", fmtRatio(ratio(quiesce.stall, derby.stall).median()));
    into.setProperty(
        prefix + "ratio.total.synced", fmtRatio(ratio(quiesce.total, derbySynced.total).median()));
    into.setProperty(
        prefix + "ratio.stall.synced", fmtRatio(ratio(quiesce.stall, derbySynced.stall).median()));
  }

  private static void store(String prefix, Side side, Properties into) {
    into.setProperty(prefix + "p99.ms", fmt(new Stats(side.p99).median()));
    into.setProperty(prefix + "stall.ms", fmt(new Stats(side.stall).median()));
    into.setProperty(prefix + "stall.max.ms", fmt(new Stats(side.stall).max()));
    into.setProperty(prefix + "total.ms", fmt(new Stats(side.total).median()));
  }

  /**
   * The row of the Markdown table {@link #HEADER} heads: window median / p99; transfer p99 and
   * worst stall for Quiesce / Derby / Derby + sync (stall ratio per round); total times and ratios.
   */
  String row(String data, String provider) {
    Stats w = new Stats(window);
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.0f / %.0f ms (%.0f) | %.1f / %.1f / %.1f ms | %.1f / %.1f / %.1f ms (%s; %s)"
            + " | %.2f / %.2f / %.2f s (%s; %s) |",
        data,
        provider,
        w.median(),
        w.percentile(99),
        new Stats(take).median(),
        new Stats(quiesce.p99).median(),
        new Stats(derby.p99).median(),
        new Stats(derbySynced.p99).median(),
        new Stats(quiesce.stall).median(),
        new Stats(derby.stall).median(),
        new Stats(derbySynced.stall).median(),
        range(ratio(quiesce.stall, derby.stall)),
        range(ratio(quiesce.stall, derbySynced.stall)),
        new Stats(quiesce.total).median() / 1e3,
        new Stats(derby.total).median() / 1e3,
        new Stats(derbySynced.total).median() / 1e3,
        range(ratio(quiesce.total, derby.total)),
        range(ratio(quiesce.total, derbySynced.total)));
  }

  private static String range(Stats s) {
    return String.format(Locale.ROOT, "%.2fx, %.2f..%.2f", s.median(), s.min(), s.max());
  }

  private static String fmtRatio(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
