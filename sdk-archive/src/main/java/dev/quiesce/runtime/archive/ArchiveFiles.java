package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File-system chores of the archive code. */
final class ArchiveFiles {
  private ArchiveFiles() {}

  /** Flushes a directory's entries to disk, so a rename in it survives a crash. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
