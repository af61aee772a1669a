package dev.quiesce.examples.bank;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A tiny bank on embedded Apache Derby: accounts whose balances move by transfers, each in one
 * transaction. Its invariant, that the sum of all balances never changes, is what a consistent
 * backup must preserve and a torn one may break.
 */
public final class Bank {
  /** The SQL state Derby gives for a deadlock or lock timeout: the transaction may be retried. */
  private static final String DEADLOCK = "40001";

  private static final String LOCK_TIMEOUT = "40XL1";

  private final Path directory;

  private Bank(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /**
   * Opens the bank whose Derby database lives in {@code directory}, creating it with {@code
   * accounts} accounts of {@code balance} each if it does not exist.
   */
  public static Bank open(Path directory, int accounts, long balance) throws SQLException {
    Bank bank = new Bank(directory);
    try (Connection c = DriverManager.getConnection(bank.url() + ";create=true")) {
      if (!hasAccounts(c)) {
        createAccounts(c, accounts, balance);
      }
    }
    return bank;
  }

  /** Opens an existing bank, such as a restored backup, without creating anything. */
  public static Bank existing(Path directory) {
    return new Bank(directory);
  }

  private static boolean hasAccounts(Connection c) throws SQLException {
    try (ResultSet tables = c.getMetaData().getTables(null, "APP", "ACCOUNTS", null)) {
      return tables.next();
    }
  }

  private static void createAccounts(Connection c, int accounts, long balance)
      throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
    }
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO accounts VALUES (?, ?)")) {
      for (int id = 0; id < accounts; id++) {
        insert.setInt(1, id);
        insert.setLong(2, balance);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    c.commit();
  }

  /** The directory holding the Derby database. */
  public Path directory() {
    return directory;
  }

  /** The JDBC URL of the database. */
  public String url() {
    return "jdbc:derby:" + directory;
  }

  /** A new connection to the database. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  /**
   * Moves {@code amount} from one account to another in one transaction, retrying on a deadlock.
   *
   * @return whether the transfer happened (false if it kept deadlocking)
   */
  public static boolean transfer(Connection c, int from, int to, long amount) throws SQLException {
    c.setAutoCommit(false);
    for (int attempt = 0; attempt < 5; attempt++) {
      try (PreparedStatement debit =
              c.prepareStatement("UPDATE accounts SET balance = balance - ? WHERE id = ?");
          PreparedStatement credit =
              c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
        debit.setLong(1, amount);
        debit.setInt(2, from);
        debit.executeUpdate();
        credit.setLong(1, amount);
        credit.setInt(2, to);
        credit.executeUpdate();
        c.commit();
        return true;
      } catch (SQLException e) {
        c.rollback();
        if (!DEADLOCK.equals(e.getSQLState()) && !LOCK_TIMEOUT.equals(e.getSQLState())) {
          throw e;
        }
      }
    }
    return false;
  }

  /** The sum of all balances, read in one statement. */
  public static long total(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT SUM(balance), COUNT(*) FROM accounts")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Shuts the database down cleanly, releasing its files. */
  public void shutdown() throws SQLException {
    try {
      DriverManager.getConnection(url() + ";shutdown=true").close();
    } catch (SQLException e) {
      // Derby reports a successful single-database shutdown as SQL state 08006.
      if (!"08006".equals(e.getSQLState())) {
        throw e;
      }
    }
  }
}
