package dev.quiesce.examples.postgres.server;

import dev.quiesce.examples.postgres.PostgresCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL cluster for tests and demos: made with {@code initdb} in a directory of its
 * own, started and stopped with {@code pg_ctl}, listening on localhost on a free port and on a
 * socket directory of its own. As root it runs as the {@code postgres} user, which then owns the
 * whole directory.
 *
 * <p>Layout under the base directory: {@code data/} (the data directory), {@code wal-archive/}
 * (where {@code archive_command} copies each finished WAL segment), {@code server.log} and the
 * socket. {@link #close()} stops the server at once ({@code pg_ctl stop -m immediate}) if it runs.
 */
public final class LocalCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

  private final Installation installation;
  private final Path base;
  private final Path dataDirectory;
  private final Path walArchive;
  private final int port;
  private boolean running;

  private LocalCluster(Installation installation, Path base, Path data, Path archive, int port) {
    this.installation = installation;
    this.base = base;
    this.dataDirectory = data;
    this.walArchive = archive;
    this.port = port;
  }

  /**
   * Makes a new cluster under {@code base} (a new or empty directory whose parents the server user
   * can traverse), configured for the PostgreSQL writer: {@code wal_level = replica}, WAL archiving
   * into {@code base/wal-archive}. It is not started.
   */
  public static LocalCluster create(Path base) throws IOException {
    Installation installation = requireInstallation();
    Path data = base.resolve("data");
    Path archive = base.resolve("wal-archive");
    Files.createDirectories(archive);
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));
    Commands.handOver(base);
    Commands.run(
        base.resolve("initdb.log"),
        List.of(
            installation.program("initdb"),
            "-D",
            data.toString(),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            // 1 MiB segments instead of 16: backups of a small cluster carry little WAL.
            "--no-sync",
            "--wal-segsize=1"));
    String settings =
        String.join(
            "\n",
            "",
            "# Added for Quiesce's PostgreSQL writer",
            "wal_level = replica",
            "archive_mode = on",
            "archive_command = '" + PostgresCluster.archiveCommandFor(archive) + "'",
            "shared_buffers = 16MB",
            "max_connections = 30",
            "");
    Files.writeString(
        data.resolve("postgresql.conf"),
        settings,
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    return new LocalCluster(installation, base, data, archive, freePort());
  }

  /**
   * A cluster over an existing data directory (a restored one) under {@code base}, run from there
   * on a new port. The data directory and the WAL archive its configuration names must already be
   * where the server expects them. As root, {@code base} and everything in it is given to the
   * server user.
   */
  public static LocalCluster existing(Path base, Path dataDirectory, Path walArchive)
      throws IOException {
    Commands.handOver(base);
    return new LocalCluster(requireInstallation(), base, dataDirectory, walArchive, freePort());
  }

  /** The cluster as the writer sees it: data directory, WAL archive, how to connect. */
  public PostgresCluster cluster() {
    return new PostgresCluster(dataDirectory, walArchive, jdbcUrl(), "postgres");
  }

  /** The JDBC URL of its {@code postgres} database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  /** The WAL archive its {@code archive_command} copies into. */
  public Path walArchive() {
    return walArchive;
  }

  /**
   * A new directory {@code name} in the cluster's base directory that the server can write to
   * (owned by the server user when root), e.g. for a tablespace.
   */
  public Path newDirectory(String name) throws IOException {
    Path dir = Files.createDirectory(base.resolve(name));
    Commands.handOver(dir);
    return dir;
  }

  /** The data directory. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Starts the server and waits until it accepts connections. */
  public synchronized void start() throws IOException {
    Commands.run(
        base.resolve("pg_ctl.log"),
        List.of(
            installation.program("pg_ctl"),
            "start",
            "-w",
            "-t",
            "120",
            "-D",
            dataDirectory.toString(),
            "-l",
            base.resolve("server.log").toString(),
            "-o",
            "-p " + port + " -k " + base + " -c listen_addresses=localhost"));
    running = true;
    log.info("PostgreSQL started on port {} from {}", port, dataDirectory);
  }

  /** Stops the server cleanly ({@code pg_ctl stop -m fast}): it checkpoints and exits. */
  public synchronized void stop() throws IOException {
    stop("fast");
  }

  /** Stops the server at once ({@code -m immediate}), as a crash would; if it runs. */
  @Override
  public synchronized void close() throws IOException {
    if (running) {
      stop("immediate");
    }
  }

  /** The server's log, for a failure message. */
  public String serverLog() throws IOException {
    Path logFile = base.resolve("server.log");
    return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
  }

  private void stop(String mode) throws IOException {
    Commands.run(
        base.resolve("pg_ctl.log"),
        List.of(
            installation.program("pg_ctl"),
            "stop",
            "-w",
            "-t",
            "120",
            "-m",
            mode,
            "-D",
            dataDirectory.toString()));
    running = false;
  }

  private static Installation requireInstallation() {
    return Installation.find()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    Installation.unavailableReason().orElse("no PostgreSQL")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
