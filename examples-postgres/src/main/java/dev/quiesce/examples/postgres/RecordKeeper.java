package dev.quiesce.examples.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * TEMPORARY, until the per-component backup metadata API is merged: keeps the {@link BackupRecord}
 * as a file in the snapshot's copy of the WAL archive, and reads it back from the restored one.
 */
final class RecordKeeper {
  static final String FILE = "quiesce-backup-record";

  private RecordKeeper() {}

  static void keep(Path snapshotWalArchive, BackupRecord record) throws IOException {
    Files.writeString(snapshotWalArchive.resolve(FILE), record.encode(), StandardCharsets.UTF_8);
  }

  static Optional<BackupRecord> find(Path restoredWalArchive) throws IOException {
    Path file = restoredWalArchive.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(BackupRecord.decode(Files.readString(file, StandardCharsets.UTF_8)));
  }
}
