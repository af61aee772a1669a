package dev.quiesce.examples.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore over the running cluster (VSS's stop, restore, start). The data directory is moved
 * aside rather than overwritten, because files the backup does not have (newer relation files, WAL
 * segments) must not be recovered with it; it is deleted once the restored cluster has recovered.
 * The WAL archive is not part of the backup and stays as it is: the restored cluster, promoted onto
 * a new timeline, archives next to the history it left without overwriting it.
 */
final class InPlaceRestore {
  private static final Logger log = LoggerFactory.getLogger(InPlaceRestore.class);

  /** How long the restored cluster may take to recover and be promoted. */
  private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(10);

  private final PostgresCluster cluster;
  private final ServerControl control;

  /** Whether this writer stopped the server and set its data aside for the restore under way. */
  private boolean stopped;

  InPlaceRestore(PostgresCluster cluster, ServerControl control) {
    this.cluster = cluster;
    this.control = control;
  }

  /** Stops the server and moves the data directory aside; on failure, the server runs again. */
  synchronized void stopServer() throws IOException {
    Path aside = aside();
    if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(
          aside + " is left from an earlier restore; look at it and remove it, then restore again");
    }
    control.stop();
    try {
      Files.move(cluster.dataDirectory(), aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        control.start();
      } catch (IOException restart) {
        e.addSuppressed(restart);
      }
      throw e;
    }
    stopped = true;
    log.info(
        "PostgreSQL stopped and {} moved aside for a restore in place", cluster.dataDirectory());
  }

  /**
   * After a restore that did not put every file back: deletes what it wrote of the data directory,
   * moves the data directory set aside back, and starts the server on it as it was. Nothing if
   * PreRestore did not stop the server.
   */
  synchronized void rollBack() throws IOException {
    if (!stopped) {
      return; // PreRestore did not get as far as stopping it: the server runs on its own data
    }
    stopped = false;
    Path aside = aside();
    Path data = cluster.dataDirectory();
    if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(data);
      }
      Files.move(aside, data, StandardCopyOption.ATOMIC_MOVE);
    }
    emptyDirectory(cluster.backupWal());
    control.start();
    log.warn("the restore did not put every file back; PostgreSQL goes on with the data it had");
  }

  /**
   * Starts the server on the restored files, ready to recover from {@code record}, and returns once
   * it has recovered and been promoted.
   */
  synchronized void restartServer(BackupRecord record) throws IOException, SQLException {
    if (!stopped) {
      throw new IllegalStateException(
          "PostRestore in place without the server stopped by PreRestore");
    }
    stopped = false;
    Path aside = aside();
    Path data = cluster.dataDirectory();
    UserPrincipal owner = Files.getOwner(aside);
    RecoveryFiles.prepare(data, cluster.backupWal(), Optional.empty(), record, owner);
    // With hot_standby off (see RecoveryFiles) nobody connects before recovery has ended.
    control.start();
    try {
      cluster.awaitOutOfRecovery(RECOVERY_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while PostgreSQL recovered the restored backup", e);
    }
    deleteTree(aside);
    // The backup's own WAL came back into the live directory, which later backups fill afresh.
    emptyDirectory(cluster.backupWal());
    log.info("PostgreSQL recovered the restored backup and runs on; {} deleted", aside);
  }

  private Path aside() {
    Path data = cluster.dataDirectory();
    return data.resolveSibling(data.getFileName() + ".before-restore");
  }

  private static void emptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
