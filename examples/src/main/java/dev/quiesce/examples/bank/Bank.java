package dev.quiesce.examples.bank;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A tiny bank on embedded Apache Derby: accounts whose balances move by transfers, each in one
 * transaction. It can be held offline ({@link #hold}) so that its database can be shut down and its
 * files replaced under it (a restore in place), and released again. Its invariant, that the sum of
 * all balances never changes, is what a consistent backup must preserve and a torn one may break.
 */
public final class Bank {
  /** The SQL state Derby gives for a deadlock or lock timeout: the transaction may be retried. */
  private static final String DEADLOCK = "40001";

  private static final String LOCK_TIMEOUT = "40XL1";

  private final Path directory;

  /** Guards {@link #held} and {@link #clients}. */
  private final Object gate = new Object();

  /** Whether the bank is held offline (for a restore): no client connection may be opened. */
  private boolean held;

  /** The client connections open ({@link #openClient}). */
  private int clients;

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

  private static void createAccounts(Connection c, int accounts, long balance) throws SQLException {
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
   * A connection for a client that lets the bank go offline: it waits while the bank is held, and
   * the client closes it with {@link #closeClient} as soon as {@link #holdRequested()} says so. The
   * bank can then shut Derby down (a restore in place) without invalidating a client's connection
   * under it, and the client reconnects once the bank is released.
   *
   * @param go whether the client still wants one; checked while waiting
   * @return the connection, or empty if {@code go} turned false while the bank was held
   */
  public Optional<Connection> openClient(BooleanSupplier go)
      throws SQLException, InterruptedException {
    synchronized (gate) {
      while (held) {
        if (!go.getAsBoolean()) {
          return Optional.empty();
        }
        gate.wait(100); // re-checks go: the load may be stopped while the bank is held
      }
      clients++;
    }
    try {
      return Optional.of(connect());
    } catch (SQLException | RuntimeException e) {
      clientClosed();
      throw e;
    }
  }

  /** Closes a connection from {@link #openClient}. */
  public void closeClient(Connection c) throws SQLException {
    try {
      c.close();
    } finally {
      clientClosed();
    }
  }

  private void clientClosed() {
    synchronized (gate) {
      clients--;
      gate.notifyAll();
    }
  }

  /** Whether the bank is being held offline: clients should close their connections now. */
  public boolean holdRequested() {
    synchronized (gate) {
      return held;
    }
  }

  /**
   * Holds the bank offline: no client opens a connection until {@link #release()}, and this waits
   * until every client has closed its own (each finishes the transfer it is in first).
   *
   * @throws IllegalStateException if clients still hold connections after {@code timeout}; the bank
   *     is released again
   */
  public void hold(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (gate) {
      held = true;
      while (clients > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          held = false;
          gate.notifyAll();
          throw new IllegalStateException(
              clients + " client connections still open after " + timeout + "; not held");
        }
        TimeUnit.NANOSECONDS.timedWait(gate, left);
      }
    }
  }

  /** Releases a {@link #hold}: clients connect again. */
  public void release() {
    synchronized (gate) {
      held = false;
      gate.notifyAll();
    }
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
