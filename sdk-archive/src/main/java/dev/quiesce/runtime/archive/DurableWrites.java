package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes that are complete or fail, and the messages for when the disk is full. The archive writer
 * writes through these so that no short write goes unnoticed: {@link FileChannel#write} may write
 * fewer bytes than asked (the file system filling up is the usual reason), and a manifest cut short
 * that way once passed for a backup.
 */
final class DurableWrites {
  /**
   * Opens a new file of the archive for writing: {@link Permissions#createPrivate}; tests wrap it.
   */
  interface Creator {
    FileChannel create(Path file) throws IOException;
  }

  private DurableWrites() {}

  /**
   * Writes every remaining byte of {@code bytes}, however many calls that takes.
   *
   * @throws IOException if a write fails, or the channel stops taking bytes (a write of none)
   */
  static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      int left = bytes.remaining();
      if (out.write(bytes) <= 0) {
        throw new IOException(
            "the file system took none of the last "
                + left
                + " bytes (a write of 0 bytes): it is probably full");
      }
    }
  }

  /** Whether {@code e} says the file system is out of space (or the user out of quota). */
  static boolean isDiskFull(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text =
          (t instanceof FileSystemException fse && fse.getReason() != null
                  ? fse.getReason()
                  : String.valueOf(t.getMessage()))
              .toLowerCase(Locale.ROOT);
      if (text.contains("no space left")
          || text.contains("disk quota exceeded")
          || text.contains("not enough space")
          || text.contains("there is not enough space on the disk")
          || text.contains("took none of the last")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The error for a failed write of {@code file} into the archive: says so plainly when the disk is
   * full, with what to do.
   *
   * @param what what was being written ("the copy of /var/db/orders.db", "the manifest")
   * @param needed how many bytes the whole archive needs, about
   */
  static IOException failure(IOException e, String what, Path file, Path archiveDir, long needed) {
    if (isDiskFull(e)) {
      return new IOException(
          "cannot write "
              + what
              + " ("
              + file
              + "): the file system of the archive directory "
              + archiveDir
              + " is full ("
              + e.getMessage()
              + "). The archive needs about "
              + needed
              + " bytes: free that much there, or back up to a directory on a larger file system."
              + " Nothing of this backup was kept; it is not a backup.",
          e);
    }
    return new IOException("cannot write " + what + " (" + file + ") into the archive: " + e, e);
  }
}
