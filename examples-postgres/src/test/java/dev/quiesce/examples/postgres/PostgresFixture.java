package dev.quiesce.examples.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.quiesce.examples.postgres.load.Ledger;
import dev.quiesce.examples.postgres.server.Installation;
import dev.quiesce.examples.postgres.server.LocalCluster;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A private cluster with a ledger, a coordinator on the copy provider with the PostgreSQL writer
 * subscribed, and a backup application; in a directory under {@code /tmp} the {@code postgres} user
 * can reach (JUnit's {@code @TempDir} may not be). Skips the test, with the reason, where
 * PostgreSQL cannot run. {@link #close()} stops every server it started at once and deletes all.
 */
final class PostgresFixture implements AutoCloseable {
  static final int ACCOUNTS = 500;

  final Path base;
  final LocalCluster live;
  final Coordinator coordinator;
  final BackupApplication app;
  final PostgresWriter writer;
  private final List<LocalCluster> restored = new ArrayList<>();

  private PostgresFixture(Path base, LocalCluster live, ServerControl control) throws SQLException {
    this.base = base;
    this.live = live;
    this.coordinator =
        Guice.createInjector(
                Stage.PRODUCTION,
                QuiesceModule.builder()
                    .snapshotProvider(new CopySnapshotProvider(base.resolve("shadow")))
                    .build())
            .getInstance(Coordinator.class);
    this.writer = new PostgresWriter(live.cluster(), control);
    coordinator.subscribe(new PostgresWriter_Dispatcher(), writer);
    this.app = new BackupApplication(coordinator);
  }

  /** A started cluster with a ledger of {@link #ACCOUNTS} accounts; restores in place if asked. */
  static PostgresFixture start(Optional<ServerControl> control) throws Exception {
    Optional<String> unavailable = Installation.unavailableReason();
    assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
    // Traversable by the server user, who owns each cluster's directory in it.
    Path base =
        Files.createTempDirectory(
            "quiesce-pg-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
    LocalCluster live;
    try {
      live = LocalCluster.create(base.resolve("live"));
    } catch (IOException | RuntimeException e) {
      deleteTree(base);
      throw e;
    }
    try {
      live.start();
      try (Connection c = live.cluster().connect()) {
        Ledger.create(c, ACCOUNTS);
      }
      return new PostgresFixture(base, live, control.orElse(ServerControl.none()));
    } catch (Exception | Error e) {
      live.close();
      deleteTree(base);
      throw e;
    }
  }

  /** Where {@code original} is when restored under {@code target}. */
  static Path under(Path target, Path original) {
    return target.resolve(original.getRoot().relativize(original).toString());
  }

  /** Starts a server on the copy of the live cluster restored under {@code target}. */
  LocalCluster startRestored(Path target) throws IOException, SQLException, InterruptedException {
    LocalCluster copy =
        LocalCluster.existing(
            target, under(target, live.dataDirectory()), under(target, live.walArchive()));
    restored.add(copy);
    copy.start();
    copy.cluster().awaitOutOfRecovery(Duration.ofMinutes(2));
    return copy;
  }

  @Override
  public void close() throws Exception {
    try {
      coordinator.close();
      for (LocalCluster copy : restored) {
        copy.close();
      }
      live.close();
    } finally {
      deleteTree(base);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
