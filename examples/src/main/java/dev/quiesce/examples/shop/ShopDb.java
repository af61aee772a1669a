package dev.quiesce.examples.shop;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * One service's embedded Derby database: the orders service's {@code orders} table, or the
 * shipments service's {@code shipments} table, each row of which names an order. The cross-service
 * invariant a consistent set must keep: every shipment names an order that exists.
 */
final class ShopDb {
  /** Which service, and so which table. */
  enum Role {
    ORDERS("CREATE TABLE orders (id BIGINT PRIMARY KEY)"),
    SHIPMENTS("CREATE TABLE shipments (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL)");

    private final String ddl;

    Role(String ddl) {
      this.ddl = ddl;
    }

    String table() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Path directory;

  private ShopDb(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** Opens the database of {@code role} in {@code directory}, creating its table if new. */
  static ShopDb open(Path directory, Role role) throws SQLException {
    ShopDb db = new ShopDb(directory);
    try (Connection c = DriverManager.getConnection(db.url() + ";create=true");
        ResultSet tables =
            c.getMetaData().getTables(null, "APP", role.table().toUpperCase(), null)) {
      if (!tables.next()) {
        try (Statement s = c.createStatement()) {
          s.executeUpdate(role.ddl);
        }
      }
    }
    return db;
  }

  /** An existing database, such as a restored copy. */
  static ShopDb existing(Path directory) {
    return new ShopDb(directory);
  }

  Path directory() {
    return directory;
  }

  String url() {
    return "jdbc:derby:" + directory;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  /** The order ids of an orders database. */
  static Set<Long> orderIds(Connection c) throws SQLException {
    Set<Long> ids = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM orders");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        ids.add(r.getLong(1));
      }
    }
    return ids;
  }

  /** The order ids the shipments of a shipments database name. */
  static Set<Long> shippedOrders(Connection c) throws SQLException {
    Set<Long> ids = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT order_id FROM shipments");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        ids.add(r.getLong(1));
      }
    }
    return ids;
  }

  void shutdown() throws SQLException {
    try {
      DriverManager.getConnection(url() + ";shutdown=true").close();
    } catch (SQLException e) {
      if (!"08006".equals(e.getSQLState())) { // Derby's "shut down as asked"
        throw e;
      }
    }
  }
}
