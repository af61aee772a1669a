package dev.quiesce.examples.postgres.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A pgbench-like ledger: {@code accounts} with a balance each, and a {@code history} row per
 * transfer. Two invariants link them, so a copy that is not transactionally consistent shows: the
 * sum of balances never changes, and every balance is its opening balance plus what the history
 * says came in minus what went out.
 */
public final class Ledger {
  /** Every account's opening balance. */
  public static final long OPENING_BALANCE = 10_000;

  private Ledger() {}

  /** Creates the tables with {@code accounts} accounts. */
  public static void create(Connection c, int accounts) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE accounts (id integer PRIMARY KEY, balance bigint NOT NULL)");
      s.execute(
          "CREATE TABLE history (id bigserial PRIMARY KEY, from_id integer NOT NULL,"
              + " to_id integer NOT NULL, amount bigint NOT NULL)");
      s.execute(
          "INSERT INTO accounts SELECT g, "
              + OPENING_BALANCE
              + " FROM generate_series(0, "
              + (accounts - 1)
              + ") g");
    }
  }

  /**
   * Moves {@code amount} from one account to another in one transaction, the history row with it.
   * The two accounts are updated in id order, so concurrent transfers never deadlock.
   */
  static void transfer(Connection c, int from, int to, long amount) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement update =
            c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?");
        PreparedStatement history =
            c.prepareStatement("INSERT INTO history (from_id, to_id, amount) VALUES (?, ?, ?)")) {
      int first = Math.min(from, to);
      int second = Math.max(from, to);
      for (int id : new int[] {first, second}) {
        update.setLong(1, id == from ? -amount : amount);
        update.setInt(2, id);
        update.executeUpdate();
      }
      history.setInt(1, from);
      history.setInt(2, to);
      history.setLong(3, amount);
      history.executeUpdate();
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
  }

  /**
   * Checks both invariants on {@code c}.
   *
   * @param accounts how many accounts there must be
   */
  public static Verdict check(Connection c, int accounts) throws SQLException {
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      long count = single(s, "SELECT count(*) FROM accounts");
      long history = single(s, "SELECT count(*) FROM history");
      long total = single(s, "SELECT coalesce(sum(balance), 0) FROM accounts");
      long wrong =
          single(
              s,
              "SELECT count(*) FROM accounts a LEFT JOIN (SELECT id, sum(delta) AS delta FROM"
                  + " (SELECT to_id AS id, amount AS delta FROM history UNION ALL"
                  + " SELECT from_id, -amount FROM history) moves GROUP BY id) h ON h.id = a.id"
                  + " WHERE a.balance <> "
                  + OPENING_BALANCE
                  + " + coalesce(h.delta, 0)");
      return new Verdict(accounts, count, history, total, wrong);
    }
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * What {@link #check} found.
   *
   * @param expectedAccounts how many accounts the ledger was made with
   * @param accounts how many there are
   * @param transfers how many history rows (committed transfers) there are
   * @param total the sum of all balances
   * @param balancesNotMatchingHistory accounts whose balance the history does not explain
   */
  public record Verdict(
      int expectedAccounts,
      long accounts,
      long transfers,
      long total,
      long balancesNotMatchingHistory) {
    /** Whether both invariants hold and no account is missing. */
    public boolean consistent() {
      return accounts == expectedAccounts
          && total == expectedAccounts * OPENING_BALANCE
          && balancesNotMatchingHistory == 0;
    }
  }
}
