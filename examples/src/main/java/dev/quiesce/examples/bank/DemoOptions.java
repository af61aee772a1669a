package dev.quiesce.examples.bank;

import java.nio.file.Path;

/**
 * The demo's settings, from its command line.
 *
 * @param backups how many backups to take (at least 1)
 * @param accounts how many accounts the bank has
 * @param threads how many threads run transfers
 * @param transfersBetweenBackups how many transfers to wait for between two backups
 * @param work the directory the demo works in; emptied first
 */
public record DemoOptions(
    int backups, int accounts, int threads, int transfersBetweenBackups, Path work) {
  /** Every account's opening balance. */
  static final long BALANCE = 1_000;

  static final String USAGE =
      "usage: BankDemo [--backups N] [--accounts N] [--threads N] [--transfers N] [--work DIR]";

  /** Checks the numbers. */
  public DemoOptions {
    if (backups < 1 || accounts < 2 || threads < 1 || transfersBetweenBackups < 0) {
      throw new IllegalArgumentException(
          "need at least 1 backup, 2 accounts and 1 thread, and no negative transfer count");
    }
  }

  /** The defaults: 10 backups of 50,000 accounts under 4 threads, in {@code target/bank-demo}. */
  public static DemoOptions defaults() {
    return new DemoOptions(10, 50_000, 4, 500, Path.of("target", "bank-demo"));
  }

  /**
   * Parses {@code --name value} pairs over the defaults.
   *
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  public static DemoOptions parse(String... args) {
    DemoOptions o = defaults();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + args[i]);
      }
      o = o.with(args[i], args[i + 1]);
    }
    return o;
  }

  /**
   * These options with one {@code --name value} applied.
   *
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  DemoOptions with(String name, String value) {
    return switch (name) {
      case "--backups" ->
          new DemoOptions(number(name, value), accounts, threads, transfersBetweenBackups, work);
      case "--accounts" ->
          new DemoOptions(backups, number(name, value), threads, transfersBetweenBackups, work);
      case "--threads" ->
          new DemoOptions(backups, accounts, number(name, value), transfersBetweenBackups, work);
      case "--transfers" -> new DemoOptions(backups, accounts, threads, number(name, value), work);
      case "--work" ->
          new DemoOptions(backups, accounts, threads, transfersBetweenBackups, Path.of(value));
      default -> throw new IllegalArgumentException("unknown option " + name);
    };
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a whole number, not '" + value + "'");
    }
  }
}
