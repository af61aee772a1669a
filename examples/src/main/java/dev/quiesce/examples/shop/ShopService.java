package dev.quiesce.examples.shop;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.WritersModule;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One service of the set demo, in its own JVM with its own Derby database and daemon: {@code
 * ShopService ROLE DIR SOCKET}. The orders service places orders as fast as it can, each in a
 * transaction of its own, and prints {@code ORDER n} once order n is committed; the shipments
 * service reads {@code SHIP n} lines on its input and records a shipment of order n for each. The
 * demo pipes one into the other, so a shipment is recorded only once its order exists: the
 * invariant a backup of both must keep. It prints {@code READY} when its daemon listens and shuts
 * down (load stopped, daemon closed, Derby shut down) when its input ends or says {@code STOP}.
 */
public final class ShopService {
  private ShopService() {}

  public static void main(String[] args) throws Exception {
    ShopDb.Role role = ShopDb.Role.valueOf(args[0]);
    Path dir = Path.of(args[1]).toAbsolutePath();
    Path socket = Path.of(args[2]);
    System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
    System.setProperty("derby.storage.pageCacheSize", "40");
    System.setProperty("derby.storage.checkpointInterval", "100000");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ShopDb db = ShopDb.open(dir.resolve("live/" + role.table()), role);
    Injector injector =
        Guice.createInjector(
            Stage.PRODUCTION,
            QuiesceModule.builder()
                .snapshotProvider(new CopySnapshotProvider(dir.resolve("shadow")))
                .build(),
            WritersModule.of(ShopWriter.class),
            binder -> binder.bind(ShopDb.class).toInstance(db));
    Coordinator coordinator = injector.getInstance(Coordinator.class);
    AtomicBoolean running = new AtomicBoolean(true);
    try (QuiesceDaemon daemon = QuiesceDaemon.start(coordinator, DaemonOptions.at(socket))) {
      Thread load = null;
      if (role == ShopDb.Role.ORDERS) {
        load = new Thread(() -> placeOrders(db, running, out), "orders-load");
        load.start();
      }
      out.println("READY " + daemon.socket());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      try (Connection c = db.connect();
          PreparedStatement ship =
              role == ShopDb.Role.SHIPMENTS
                  ? c.prepareStatement("INSERT INTO shipments VALUES (?, ?)")
                  : null) {
        long shipments = 0;
        for (String line = in.readLine();
            line != null && !line.equals("STOP");
            line = in.readLine()) {
          if (ship != null && line.startsWith("SHIP ")) {
            ship.setLong(1, ++shipments);
            ship.setLong(2, Long.parseLong(line.substring(5)));
            ship.executeUpdate();
            out.println("SHIPPED " + shipments);
          }
        }
      }
      running.set(false);
      if (load != null) {
        load.join();
      }
    }
    coordinator.close();
    db.shutdown();
    out.println("STOPPED");
  }

  private static void placeOrders(ShopDb db, AtomicBoolean running, PrintStream out) {
    try (Connection c = db.connect();
        PreparedStatement order = c.prepareStatement("INSERT INTO orders VALUES (?)")) {
      for (long n = 1; running.get(); n++) {
        order.setLong(1, n);
        order.executeUpdate(); // auto-commit: committed when it returns
        out.println("ORDER " + n);
        Thread.sleep(1); // a steady pace the shipments service keeps up with
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      out.println("FAILED " + e);
    }
  }
}
