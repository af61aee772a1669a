package dev.quiesce.examples.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.examples.postgres.load.Ledger;
import dev.quiesce.examples.postgres.load.TransferLoad;
import dev.quiesce.examples.postgres.server.LocalCluster;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ProgressListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Backups of a real PostgreSQL server taken under continuous transfers, through the copy provider
 * (whose copy is not atomic): each restores into a fresh directory, the server starts on it and
 * recovers to the end of the backup, and the ledger's invariants hold there.
 */
class PostgresBackupTest {
  private static final int BACKUPS = 3;

  @Test
  void everyBackupUnderLoadRestoresStartsAndIsConsistent() throws Exception {
    try (PostgresFixture f = PostgresFixture.start(Optional.empty())) {
      TransferLoad load =
          TransferLoad.start(f.live.cluster()::connect, PostgresFixture.ACCOUNTS, 3);
      List<Path> archives = new ArrayList<>();
      try {
        for (int i = 1; i <= BACKUPS; i++) {
          load.awaitMoreTransfers(200);
          Path archive = f.base.resolve("archive-" + i);
          f.app.backup(BackupOptions.full(), archive, ProgressListener.none());
          archives.add(archive);
        }
        load.awaitMoreTransfers(50); // the load ran on through every backup
      } finally {
        load.stop(); // rethrows any failed transfer
      }

      long previous = 0;
      for (int i = 1; i <= BACKUPS; i++) {
        Path archive = archives.get(i - 1);
        String label = "backup " + i + " of " + BACKUPS;
        Path target = f.base.resolve("restore-" + i);
        f.app.restore(archive, Optional.of(target), ProgressListener.none());

        LocalCluster copy = f.startRestored(target);
        try (Connection c = copy.cluster().connect()) {
          assertEquals(
              false, inRecovery(c), label + ": recovery ended and the server was promoted");
          Ledger.Verdict verdict = Ledger.check(c, PostgresFixture.ACCOUNTS);
          assertTrue(verdict.consistent(), label + ": " + verdict);
          assertTrue(
              verdict.transfers() > previous,
              label + " holds more transfers than the one before: " + verdict);
          previous = verdict.transfers();
        }
        copy.close();
      }
    }
  }

  private static boolean inRecovery(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_is_in_recovery()")) {
      r.next();
      return r.getBoolean(1);
    }
  }
}
