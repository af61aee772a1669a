package dev.quiesce.examples.shop;

import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.Restorer;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import dev.quiesce.set.SetArchive;
import dev.quiesce.set.SetBackup;
import dev.quiesce.set.SetMember;
import dev.quiesce.set.SetReport;
import dev.quiesce.set.SetVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The set demo: two services with a cross-service invariant, orders and shipments (a shipment names
 * an order that exists), each in its own JVM with its own Derby database and Quiesce daemon, under
 * load. It takes N snapshot sets over both ({@link SetBackup}), and as a control backs each service
 * up alone, one after the other, N times; then restores every backup under a directory of its own,
 * opens both databases with Derby and checks the invariant.
 *
 * <p>Usage: {@code SetDemo [--sets N] [--work DIR]}. Exits 0 when every set restored consistent.
 */
public final class SetDemo {
  private final PrintStream out;
  private final Path work;
  private final int sets;

  private SetDemo(PrintStream out, Path work, int sets) {
    this.out = out;
    this.work = work;
    this.sets = sets;
  }

  public static void main(String[] args) throws Exception {
    int sets = 6;
    Path work = Path.of("target/set-demo");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sets" -> sets = Integer.parseInt(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        default -> {
          System.err.println("usage: SetDemo [--sets N] [--work DIR]");
          System.exit(2);
        }
      }
    }
    boolean ok = new SetDemo(System.out, work.toAbsolutePath(), sets).run();
    System.exit(ok ? 0 : 1);
  }

  /** Runs the demo; returns whether every set restored consistent. */
  public static boolean run(PrintStream out, Path work, int sets) throws Exception {
    return new SetDemo(out, work.toAbsolutePath(), sets).run();
  }

  private boolean run() throws Exception {
    reset(work);
    Path ordersDir = Files.createDirectories(work.resolve("orders"));
    Path shipmentsDir = Files.createDirectories(work.resolve("shipments"));
    Path ordersSocket = work.resolve("orders.sock");
    Path shipmentsSocket = work.resolve("shipments.sock");
    out.printf(
        "Orders and shipments, each its own JVM, Derby database and daemon, under load; %d set"
            + " backups, then %d backups of each service alone, one after the other.%n",
        sets, sets);
    int consistent = 0;
    int broken = 0;
    try (ServiceProcess shipments =
            ServiceProcess.start(ShopDb.Role.SHIPMENTS, shipmentsDir, shipmentsSocket, l -> {});
        ServiceProcess orders =
            ServiceProcess.start(
                ShopDb.Role.ORDERS, ordersDir, ordersSocket, l -> ship(shipments, l))) {
      shipments.awaitReady(120);
      orders.awaitReady(120);
      try (RemoteCoordinator o = RemoteCoordinator.connect(ordersSocket, "set-demo");
          RemoteCoordinator s = RemoteCoordinator.connect(shipmentsSocket, "set-demo")) {
        SetBackup setBackup =
            new SetBackup(
                List.of(
                    SetMember.local("orders", o, o.disconnected()),
                    SetMember.local("shipments", s, s.disconnected())),
                Duration.ofSeconds(30),
                Duration.ofMinutes(2));
        for (int i = 1; i <= sets; i++) {
          awaitMoreOrders(orders, 300);
          SetReport r = setBackup.backup(BackupOptions.full(), setDir(i), ProgressListener.none());
          out.printf(
              "set %2d: snapshot set %s, both services held %d ms, %d orders placed so far%n",
              i, r.id(), r.globalFreeze().toMillis(), orders.last());
        }
        for (int i = 1; i <= sets; i++) {
          awaitMoreOrders(orders, 300);
          new BackupApplication(o)
              .backup(
                  BackupOptions.full(), controlDir(i).resolve("orders"), ProgressListener.none());
          new BackupApplication(s)
              .backup(
                  BackupOptions.full(),
                  controlDir(i).resolve("shipments"),
                  ProgressListener.none());
          out.printf(
              "control %2d: orders backed up, then shipments; %d orders placed so far%n",
              i, orders.last());
        }
      }
    }
    for (int i = 1; i <= sets; i++) {
      SetVerifier.verify(setDir(i));
      Verdict v =
          check(
              restore(SetArchive.partDir(setDir(i), "orders"), "set-" + i + "/orders"),
              restore(SetArchive.partDir(setDir(i), "shipments"), "set-" + i + "/shipments"));
      out.printf("restore set %2d: %s%n", i, v.text());
      if (v.consistent()) {
        consistent++;
      }
    }
    for (int i = 1; i <= sets; i++) {
      Verdict v =
          check(
              restore(controlDir(i).resolve("orders"), "control-" + i + "/orders"),
              restore(controlDir(i).resolve("shipments"), "control-" + i + "/shipments"));
      out.printf("restore control %2d: %s%n", i, v.text());
      if (!v.consistent()) {
        broken++;
      }
    }
    out.printf("%d/%d set backups restored and consistent%n", consistent, sets);
    out.printf(
        "control, each service backed up alone one after the other: %d/%d broke the invariant (a"
            + " shipment names a missing order)%n",
        broken, sets);
    return consistent == sets;
  }

  /** Forwards a placed order to the shipments service, which ships it. */
  private static void ship(ServiceProcess shipments, String orderLine) {
    try {
      shipments.send("SHIP " + orderLine.substring("ORDER ".length()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitMoreOrders(ServiceProcess orders, long more)
      throws InterruptedException, IOException {
    long target = orders.last() + more;
    long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (orders.last() < target) {
      if (System.nanoTime() > until) {
        throw new IOException("the orders service stopped placing orders: " + orders.otherLines());
      }
      Thread.sleep(20); // a demo's pacing: wait for the load to move on
    }
  }

  private Path setDir(int i) {
    return work.resolve("sets/set-" + i);
  }

  private Path controlDir(int i) {
    return work.resolve("controls/control-" + i);
  }

  /** Restores an archive under its own directory; returns where the database now is. */
  private Path restore(Path archive, String name) throws IOException {
    Path target = work.resolve("restored/" + name);
    Restorer restorer = new Restorer();
    var result = restorer.restoreTo(archive, target);
    Path original =
        result.manifest().writers().get(0).metadata().components().get(0).fileSets().get(0).root();
    return target.resolve(original.getRoot().relativize(original).toString());
  }

  /** What a restored pair says about the invariant. */
  private record Verdict(boolean consistent, String text) {}

  private static Verdict check(Path ordersDb, Path shipmentsDb) {
    ShopDb orders = ShopDb.existing(ordersDb);
    ShopDb shipments = ShopDb.existing(shipmentsDb);
    try {
      Set<Long> placed;
      try (Connection c = orders.connect()) {
        placed = ShopDb.orderIds(c);
      }
      Set<Long> shipped;
      try (Connection c = shipments.connect()) {
        shipped = ShopDb.shippedOrders(c);
      }
      long missing = shipped.stream().filter(id -> !placed.contains(id)).count();
      String counts = placed.size() + " orders, " + shipped.size() + " shipped";
      return missing == 0
          ? new Verdict(true, "consistent (" + counts + ")")
          : new Verdict(
              false, "BROKEN: " + missing + " shipments name missing orders (" + counts + ")");
    } catch (SQLException e) {
      return new Verdict(false, "BROKEN: Derby could not open the copy: " + e.getMessage());
    } finally {
      try {
        orders.shutdown();
        shipments.shutdown();
      } catch (SQLException e) {
        // a copy that did not open has nothing to shut down
      }
    }
  }

  private static void reset(Path work) throws IOException {
    if (Files.exists(work)) {
      try (Stream<Path> all = Files.walk(work)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(work);
  }
}
