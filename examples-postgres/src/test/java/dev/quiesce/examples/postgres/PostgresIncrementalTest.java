package dev.quiesce.examples.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.BackupType;
import dev.quiesce.examples.postgres.load.Ledger;
import dev.quiesce.examples.postgres.load.TransferLoad;
import dev.quiesce.examples.postgres.server.LocalCluster;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A chain of one full and two incremental backups of a cluster under transfers, and a differential
 * on the full: each stores only what changed (far less than the full), and the newest incremental
 * and the differential each restore through their chain, recover with the label their own backup
 * kept, and are consistent and as late as they should be.
 */
class PostgresIncrementalTest {
  @Test
  void incrementalBackupsStoreLittleAndTheNewestRestoresThroughTheChain() throws Exception {
    try (PostgresFixture f = PostgresFixture.start(Optional.empty())) {
      TransferLoad load =
          TransferLoad.start(f.live.cluster()::connect, PostgresFixture.ACCOUNTS, 2);
      Path full = f.base.resolve("full");
      Path first = f.base.resolve("incremental-1");
      Path second = f.base.resolve("incremental-2");
      Path differential = f.base.resolve("differential");
      long atFull;
      long atSecond;
      try {
        load.awaitMoreTransfers(100);
        f.app.backup(BackupOptions.full(), full, ProgressListener.none());
        atFull = load.transfers();
        load.awaitMoreTransfers(100);
        BackupOptions incremental = BackupOptions.full().withBackupType(BackupType.INCREMENTAL);
        f.app.backup(incremental, Optional.of(full), first, ProgressListener.none());
        load.awaitMoreTransfers(100);
        f.app.backup(incremental, Optional.of(first), second, ProgressListener.none());
        atSecond = load.transfers();
        load.awaitMoreTransfers(100);
        // On the chain of the second incremental: a differential builds on its last full backup.
        f.app.backup(
            BackupOptions.full().withBackupType(BackupType.DIFFERENTIAL),
            Optional.of(second),
            differential,
            ProgressListener.none());
      } finally {
        load.stop();
      }
      long fullBytes = bytes(full);
      for (Path archive : new Path[] {first, second, differential}) {
        assertTrue(
            bytes(archive) * 3 < fullBytes,
            archive.getFileName() + " stores " + bytes(archive) + " bytes, the full " + fullBytes);
      }

      long newest = restoreAndCheck(f, second, "restored-incremental");
      assertTrue(newest > atFull, "the newest incremental, not the full: " + newest);
      long fromDifferential = restoreAndCheck(f, differential, "restored-differential");
      assertTrue(
          fromDifferential > atSecond,
          "the differential, later than the incremental before it: " + fromDifferential);
    }
  }

  /** Restores {@code archive} through its chain, starts a server on it, checks the ledger. */
  private static long restoreAndCheck(PostgresFixture f, Path archive, String name)
      throws Exception {
    Path target = f.base.resolve(name);
    f.app.restore(archive, Optional.of(target), ProgressListener.none());
    LocalCluster copy = f.startRestored(target);
    try (Connection c = copy.cluster().connect()) {
      Ledger.Verdict verdict = Ledger.check(c, PostgresFixture.ACCOUNTS);
      assertTrue(verdict.consistent(), archive.getFileName() + ": " + verdict);
      return verdict.transfers();
    } finally {
      copy.close();
    }
  }

  private static long bytes(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      long total = 0;
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }
}
