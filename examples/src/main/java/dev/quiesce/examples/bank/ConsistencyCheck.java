package dev.quiesce.examples.bank;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a restored copy of the bank: Derby opens it (running its crash recovery), {@code
 * SYSCS_UTIL.SYSCS_CHECK_TABLE} passes on every table, and the sum of all balances is what it was.
 */
public final class ConsistencyCheck {
  private ConsistencyCheck() {}

  /** What the check found. {@code detail} says what failed, or what was checked. */
  public record Verdict(boolean opened, boolean tablesOk, boolean invariantHolds, String detail) {
    /** Whether the copy is a consistent bank. */
    public boolean consistent() {
      return opened && tablesOk && invariantHolds;
    }
  }

  /** Opens the Derby database in {@code directory} and checks it; never throws for a bad copy. */
  public static Verdict check(Path directory, long expectedTotal) {
    Bank bank = Bank.existing(directory);
    Connection c;
    try {
      c = DriverManager.getConnection(bank.url());
    } catch (SQLException e) {
      return new Verdict(false, false, false, "Derby could not open the copy: " + e.getMessage());
    }
    try (c) {
      List<String> tables = userTables(c);
      for (String table : tables) {
        if (!checkTable(c, table)) {
          return new Verdict(true, false, false, "SYSCS_CHECK_TABLE failed on " + table);
        }
      }
      long total = Bank.total(c);
      if (total != expectedTotal) {
        return new Verdict(
            true, true, false, "sum of balances is " + total + ", expected " + expectedTotal);
      }
      return new Verdict(true, true, true, "tables " + tables + " checked, sum " + total);
    } catch (SQLException e) {
      return new Verdict(true, false, false, "checking the copy failed: " + e.getMessage());
    } finally {
      shutdown(bank);
    }
  }

  private static List<String> userTables(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet r = c.getMetaData().getTables(null, "APP", "%", new String[] {"TABLE"})) {
      while (r.next()) {
        tables.add(r.getString("TABLE_NAME"));
      }
    }
    return tables;
  }

  private static boolean checkTable(Connection c, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("VALUES SYSCS_UTIL.SYSCS_CHECK_TABLE(?, ?)")) {
      s.setString(1, "APP");
      s.setString(2, table);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getInt(1) == 1;
      }
    }
  }

  private static void shutdown(Bank bank) {
    try {
      bank.shutdown();
    } catch (SQLException e) {
      throw new IllegalStateException("Derby did not shut down " + bank.directory(), e);
    }
  }
}
