package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * What every file of one archive write shares.
 *
 * @param archiveDir the archive being written
 * @param needed the bytes the archive needs, for a full disk's message
 * @param counter counts the files and bytes done
 * @param dirs collects the directories of the data files, to sync
 * @param pipeline copies the files that are copied
 * @param syncs syncs each file behind the next; null when the filesystem is synced at once
 */
record ArchiveRun(
    Path archiveDir,
    long needed,
    ProgressCounter counter,
    Set<Path> dirs,
    CopyPipeline pipeline,
    SyncBehind syncs) {

  /** Makes the directories of {@code target}, once each, and notes them to sync. */
  void makeDirectories(Path target, String what) throws IOException {
    if (dirs.contains(target.getParent())) {
      return;
    }
    try {
      Files.createDirectories(target.getParent());
      for (Path dir = target.getParent(); dir.startsWith(archiveDir); dir = dir.getParent()) {
        dirs.add(dir);
      }
    } catch (IOException e) {
      throw DurableWrites.failure(
          e, "the directory for " + what, target.getParent(), archiveDir, needed);
    }
  }

  /** Syncs {@code file} (opened here) on {@code syncs}'s threads and closes it. */
  static void syncBehind(SyncBehind syncs, Path file, String what, Path archiveDir, long needed)
      throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      syncs.submit(0, () -> forceAndClose(channel, what, file, archiveDir, needed));
    } catch (IOException | RuntimeException | Error e) {
      try {
        channel.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Syncs and closes {@code channel}; a failure names {@code file} and what to do. */
  static void forceAndClose(
      FileChannel channel, String what, Path file, Path archiveDir, long needed)
      throws IOException {
    try (channel) {
      channel.force(true);
    } catch (IOException e) {
      throw DurableWrites.failure(e, what, file, archiveDir, needed);
    }
  }
}
