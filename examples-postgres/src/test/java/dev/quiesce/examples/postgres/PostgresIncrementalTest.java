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
 * A chain of one full and two incremental backups of a cluster under transfers: each incremental
 * stores only what changed (far less than the full), and the newest restores through the chain,
 * recovers with the label its own backup kept, and is consistent and later than the full.
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
      long atFull;
      try {
        load.awaitMoreTransfers(100);
        f.app.backup(BackupOptions.full(), full, ProgressListener.none());
        atFull = load.transfers();
        load.awaitMoreTransfers(100);
        BackupOptions incremental = BackupOptions.full().withBackupType(BackupType.INCREMENTAL);
        f.app.backup(incremental, Optional.of(full), first, ProgressListener.none());
        load.awaitMoreTransfers(100);
        f.app.backup(incremental, Optional.of(first), second, ProgressListener.none());
      } finally {
        load.stop();
      }
      long fullBytes = bytes(full);
      for (Path archive : new Path[] {first, second}) {
        assertTrue(
            bytes(archive) * 3 < fullBytes,
            archive.getFileName() + " stores " + bytes(archive) + " bytes, the full " + fullBytes);
      }

      Path target = f.base.resolve("restored");
      f.app.restore(second, Optional.of(target), ProgressListener.none());
      LocalCluster copy = f.startRestored(target);
      try (Connection c = copy.cluster().connect()) {
        Ledger.Verdict verdict = Ledger.check(c, PostgresFixture.ACCOUNTS);
        assertTrue(verdict.consistent(), verdict.toString());
        assertTrue(verdict.transfers() > atFull, "the newest backup, not the full: " + verdict);
      }
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
