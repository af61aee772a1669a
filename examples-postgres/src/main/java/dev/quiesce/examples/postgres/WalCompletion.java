package dev.quiesce.examples.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Completes the snapshot with the WAL a backup needs. The snapshot is taken before {@code
 * pg_backup_stop()}, so nothing in it has the last segments; once the stop has waited for them to
 * be archived, the segments from the backup's start to its stop are copied from the live WAL
 * archive into the snapshot's copy of {@link PostgresCluster#backupWal()} (VSS's PostSnapshot
 * repair of the snapshot), so that the backup carries all it needs to recover.
 */
final class WalCompletion {
  private WalCompletion() {}

  /**
   * Copies {@code segments} and every timeline history file from {@code liveArchive} into {@code
   * snapshotArchive}, the snapshot's copy of the backup's WAL directory.
   *
   * @return how many segments were copied
   * @throws IOException if a segment is missing or not whole in the live archive (archiving is
   *     broken: the backup would not recover), or the snapshot cannot be written to
   */
  static int copy(
      Path liveArchive, Path snapshotArchive, List<WalSegment> segments, long segmentSize)
      throws IOException {
    Files.createDirectories(snapshotArchive);
    for (WalSegment segment : segments) {
      Path source = liveArchive.resolve(segment.fileName());
      if (!Files.isRegularFile(source) || Files.size(source) != segmentSize) {
        throw new IOException(
            "WAL segment "
                + segment.fileName()
                + ", which this backup needs, is "
                + (Files.exists(source) ? "not whole" : "missing")
                + " in the WAL archive "
                + liveArchive
                + " although pg_backup_stop() waited for it to be archived: check that"
                + " archive_command copies into that directory");
      }
      copyInto(source, snapshotArchive);
    }
    try (Stream<Path> files = Files.list(liveArchive)) {
      for (Path history : files.filter(f -> f.toString().endsWith(".history")).toList()) {
        copyInto(history, snapshotArchive);
      }
    }
    return segments.size();
  }

  private static void copyInto(Path source, Path directory) throws IOException {
    try {
      Files.copy(
          source,
          directory.resolve(source.getFileName()),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.COPY_ATTRIBUTES);
    } catch (IOException e) {
      throw new IOException(
          "cannot write the WAL the backup needs into the snapshot ("
              + directory
              + "): this writer needs a snapshot it can complete in PostSnapshot, such as the copy"
              + " provider's; a read-only snapshot cannot carry the WAL written up to"
              + " pg_backup_stop()",
          e);
    }
  }
}
