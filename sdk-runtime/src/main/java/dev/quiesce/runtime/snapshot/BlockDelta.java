package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Brings an older copy of a file up to date by writing only the blocks that differ: reads the
 * source and the copy side by side in large chunks, compares them a page at a time, writes the
 * pages that differ (runs of them in one write), and truncates or extends the copy to the source's
 * size. Permissions and times are then set as the source's, as a full copy keeps them.
 *
 * <p>Comparing the bytes themselves, not hashes of them, is what makes it safe: no collision can
 * leave a stale page in the copy. It is also the fast way when both files are in the page cache, as
 * a database's files and a just-made pre-copy usually are: the comparison runs at memory speed
 * ({@link ByteBuffer#mismatch} is vectorized), faster than hashing the source (see {@code
 * BENCHMARKS.md}). Inside the freeze the source holds still, so the copy ends exactly equal to it.
 */
final class BlockDelta {
  /** How much of each file is read at once. */
  static final int CHUNK = 1024 * 1024;

  /** The unit compared and written: a page, the unit databases write in. */
  static final int PAGE = 4096;

  private final ByteBuffer source = ByteBuffer.allocateDirect(CHUNK);
  private final ByteBuffer copy = ByteBuffer.allocateDirect(CHUNK);

  /**
   * What {@link #patch} did.
   *
   * @param vanished the source was gone (no longer a regular file); the copy is left as it was
   * @param written how many bytes were written into the copy
   */
  record Result(boolean vanished, long written) {}

  /**
   * Makes {@code target} equal to {@code file}, with its permissions and times.
   *
   * @throws IOException naming the file, if either cannot be read or the copy written
   */
  Result patch(Path file, Path target) throws IOException {
    PosixFileAttributes attributes;
    FileChannel in;
    try {
      attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()) {
        return new Result(true, 0);
      }
      in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return new Result(true, 0);
    }
    long written;
    try (in;
        FileChannel out =
            FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      written = patch(in, out);
    } catch (IOException e) {
      throw new IOException("cannot update the copy " + target + " of " + file + ": " + e, e);
    }
    Files.getFileAttributeView(target, PosixFileAttributeView.class)
        .setPermissions(attributes.permissions());
    Files.getFileAttributeView(target, BasicFileAttributeView.class)
        .setTimes(attributes.lastModifiedTime(), attributes.lastAccessTime(), null);
    return new Result(false, written);
  }

  private long patch(FileChannel in, FileChannel out) throws IOException {
    long size = in.size();
    long copySize = out.size();
    long written = 0;
    for (long position = 0; position < size; position += CHUNK) {
      int wanted = (int) Math.min(CHUNK, size - position);
      int length = read(in, source, position, wanted);
      int old = (int) Math.max(0, Math.min(length, copySize - position));
      read(out, copy, position, old);
      written += writeDifferences(out, position, length, old);
      if (length < wanted) {
        // Shrunk while read (a file nobody froze): the copy ends where the source did.
        size = position + length;
      }
    }
    if (copySize > size) {
      out.truncate(size);
    }
    return written;
  }

  /**
   * Writes the pages of the chunk at {@code position} that differ, runs of neighbouring ones in one
   * write; returns the bytes written. Jumps from difference to difference with one vectorized
   * {@link ByteBuffer#mismatch} over the rest of the chunk, so an unchanged chunk costs one call.
   *
   * @param length the bytes of the source in the chunk
   * @param old the bytes of the copy in the chunk (fewer where the copy is shorter)
   */
  private long writeDifferences(FileChannel out, long position, int length, int old)
      throws IOException {
    long written = 0;
    int runStart = 0;
    int runEnd = -1;
    int from = 0;
    while (from < length) {
      int difference = firstDifference(from, length, old);
      if (difference >= length) {
        break;
      }
      int page = difference - difference % PAGE;
      int end = Math.min(page + PAGE, length);
      if (page != runEnd) {
        if (runEnd >= 0) {
          written += write(out, position, runStart, runEnd);
        }
        runStart = page;
      }
      runEnd = end;
      from = end;
    }
    if (runEnd >= 0) {
      written += write(out, position, runStart, runEnd);
    }
    return written;
  }

  /** The first byte at or after {@code from} where source and copy differ, or {@code length}. */
  private int firstDifference(int from, int length, int old) {
    int common = Math.min(length, old) - from;
    if (common <= 0) {
      return from;
    }
    int mismatch = source.slice(from, common).mismatch(copy.slice(from, common));
    if (mismatch >= 0) {
      return from + mismatch;
    }
    return from + common;
  }

  private long write(FileChannel out, long position, int from, int to) throws IOException {
    ByteBuffer run = source.slice(from, to - from);
    while (run.hasRemaining()) {
      out.write(run, position + from + run.position());
    }
    return to - from;
  }

  /**
   * Reads up to {@code length} bytes at {@code position} into {@code buffer}, from its start;
   * returns how many there were before the end of the file.
   */
  private static int read(FileChannel channel, ByteBuffer buffer, long position, int length)
      throws IOException {
    buffer.clear().limit(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        break;
      }
    }
    return buffer.position();
  }
}
