package dev.quiesce.examples.postgres.figure;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.quiesce.api.BackupType;
import dev.quiesce.examples.postgres.PostgresWriter;
import dev.quiesce.examples.postgres.PostgresWriter_Dispatcher;
import dev.quiesce.examples.postgres.ServerControl;
import dev.quiesce.examples.postgres.load.Ledger;
import dev.quiesce.examples.postgres.load.TransferLoad;
import dev.quiesce.examples.postgres.server.Installation;
import dev.quiesce.examples.postgres.server.LocalCluster;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The figure for BENCHMARKS.md: on a private cluster holding a cold table (written once) and a
 * ledger, a full backup, then a few transfers, then an incremental backup on it, then a few more
 * and a full again; each one's stored bytes and time, in one run. Prints a table; run it with
 * {@code mvn -B -q -pl examples-postgres -am -DskipTests package exec:java ...} or any classpath
 * runner.
 */
public final class IncrementalFigure {
  private static final int ACCOUNTS = 100_000;
  private static final int COLD_ROWS = 1_000_000;
  private static final long TRANSFERS = 100;

  private IncrementalFigure() {}

  /** Runs the measurement and prints the table; as root, the cluster runs as {@code postgres}. */
  public static void main(String[] args) throws Exception {
    Optional<String> unavailable = Installation.unavailableReason();
    if (unavailable.isPresent()) {
      System.err.println("cannot measure: " + unavailable.get());
      System.exit(2);
    }
    Path base =
        Files.createTempDirectory(
            "quiesce-pg-figure-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
    try {
      run(base, System.out);
    } finally {
      deleteTree(base);
    }
  }

  private static void run(Path base, PrintStream out) throws Exception {
    try (LocalCluster cluster = LocalCluster.create(base.resolve("live"))) {
      cluster.start();
      try (Connection c = cluster.cluster().connect();
          Statement s = c.createStatement()) {
        Ledger.create(c, ACCOUNTS);
        s.execute("CREATE TABLE statements (id integer PRIMARY KEY, body text NOT NULL)");
        s.execute(
            "INSERT INTO statements SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, "
                + COLD_ROWS
                + ") g");
        s.execute("VACUUM (FREEZE, ANALYZE)");
        s.execute("CHECKPOINT");
      }
      try (Coordinator coordinator =
          Guice.createInjector(
                  Stage.PRODUCTION,
                  QuiesceModule.builder()
                      .snapshotProvider(new CopySnapshotProvider(base.resolve("shadow")))
                      .build())
              .getInstance(Coordinator.class)) {
        coordinator.subscribe(
            new PostgresWriter_Dispatcher(),
            new PostgresWriter(cluster.cluster(), ServerControl.none()));
        BackupApplication app = new BackupApplication(coordinator);
        out.printf("%-28s %14s %10s%n", "backup", "stored bytes", "time");
        Path full = base.resolve("full-1");
        measure(
            out,
            "full",
            () -> app.backup(BackupOptions.full(), full, ProgressListener.none()),
            full);
        transfers(cluster);
        Path incremental = base.resolve("incremental");
        measure(
            out,
            "incremental (" + TRANSFERS + " transfers later)",
            () ->
                app.backup(
                    BackupOptions.full().withBackupType(BackupType.INCREMENTAL),
                    Optional.of(full),
                    incremental,
                    ProgressListener.none()),
            incremental);
        transfers(cluster);
        Path again = base.resolve("full-2");
        measure(
            out,
            "full again",
            () -> app.backup(BackupOptions.full(), again, ProgressListener.none()),
            again);
      }
    }
  }

  private interface Backup {
    void run() throws IOException;
  }

  private static void measure(PrintStream out, String what, Backup backup, Path archive)
      throws IOException {
    long start = System.nanoTime();
    backup.run();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    out.printf("%-28s %14d %8d ms%n", what, bytes(archive), took.toMillis());
  }

  private static void transfers(LocalCluster cluster) throws SQLException, InterruptedException {
    TransferLoad load = TransferLoad.start(cluster.cluster()::connect, ACCOUNTS, 1);
    try {
      load.awaitMoreTransfers(TRANSFERS);
    } finally {
      load.stop();
    }
  }

  private static long bytes(Path dir) throws IOException {
    long total = 0;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        total += Files.size(p);
      }
    }
    return total;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
