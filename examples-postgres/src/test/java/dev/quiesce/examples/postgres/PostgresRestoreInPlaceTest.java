package dev.quiesce.examples.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.examples.postgres.load.Ledger;
import dev.quiesce.examples.postgres.load.TransferLoad;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.archive.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The running cluster restored over itself under transfers: PreRestore stops the server (the load
 * held first), the files are replaced, PostRestore starts it on them and waits until it has
 * recovered to the end of the backup and been promoted onto a new timeline. The ledger is then the
 * backup's (between what it held when the backup began and ended), consistent, and takes transfers
 * again. A restore refused in PreRestore leaves the running server alone.
 */
class PostgresRestoreInPlaceTest {
  @Test
  void theRunningClusterIsRestoredInPlaceToTheBackupAndGoesOn() throws Exception {
    AtomicReference<TransferLoad> load = new AtomicReference<>();
    AtomicReference<PostgresFixture> fixture = new AtomicReference<>();
    ServerControl control =
        new ServerControl() {
          @Override
          public void stop() throws IOException {
            try {
              load.get().pause();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IOException("interrupted while holding the transfers", e);
            }
            fixture.get().live.stop();
          }

          @Override
          public void start() throws IOException {
            fixture.get().live.start();
          }
        };
    try (PostgresFixture f = PostgresFixture.start(Optional.of(control))) {
      fixture.set(f);
      PostgresCluster cluster = f.live.cluster();
      load.set(TransferLoad.start(cluster::connect, PostgresFixture.ACCOUNTS, 3));
      try {
        load.get().awaitMoreTransfers(200);
        long beforeBackup = history(cluster);
        Path archive = f.base.resolve("archive");
        f.app.backup(BackupOptions.full(), archive, ProgressListener.none());
        long afterBackup = history(cluster);
        load.get().awaitMoreTransfers(300);

        // A data directory left aside by an earlier restore: PreRestore refuses before stopping
        // anything, and the refused restore leaves the running server and its data alone.
        Path aside =
            Files.createDirectory(cluster.dataDirectory().resolveSibling("data.before-restore"));
        assertThrows(
            QuiesceException.class,
            () -> f.app.restore(archive, Optional.empty(), ProgressListener.none()));
        long afterRefusal = load.get().transfers();
        load.get().awaitMoreTransfers(50); // still running, on its own data
        assertTrue(load.get().transfers() > afterRefusal);
        Files.delete(aside);

        f.app.restore(archive, Optional.empty(), ProgressListener.none());

        try (Connection c = cluster.connect()) {
          Ledger.Verdict restored = Ledger.check(c, PostgresFixture.ACCOUNTS);
          assertTrue(restored.consistent(), restored.toString());
          assertTrue(
              restored.transfers() >= beforeBackup && restored.transfers() <= afterBackup,
              "the ledger is the backup's: "
                  + restored
                  + ", between "
                  + beforeBackup
                  + " and "
                  + afterBackup);
          assertTrue(timeline(c) > 1, "promoted onto a new timeline");
        }
        assertFalse(
            Files.exists(cluster.dataDirectory().resolveSibling("data.before-restore")),
            "the data directory set aside is deleted once the restored one recovered");
        load.get().resume();
        load.get().awaitMoreTransfers(100); // the restored server takes writes
      } finally {
        load.get().stop(); // rethrows any failed transfer
      }
      try (Connection c = cluster.connect()) {
        Ledger.Verdict after = Ledger.check(c, PostgresFixture.ACCOUNTS);
        assertTrue(after.consistent(), after.toString());
      }
    }
  }

  private static long history(PostgresCluster cluster) throws SQLException {
    try (Connection c = cluster.connect()) {
      return Ledger.check(c, PostgresFixture.ACCOUNTS).transfers();
    }
  }

  private static long timeline(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT timeline_id FROM pg_control_checkpoint()")) {
      r.next();
      return r.getLong(1);
    }
  }
}
