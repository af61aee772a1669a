package dev.quiesce.benchmarks.archive;

import dev.quiesce.runtime.archive.ArchiveVerifier;
import dev.quiesce.runtime.archive.FileEntry;
import dev.quiesce.runtime.archive.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The archive path as it was before the pipeline, reproduced so that before and after are measured
 * in the same run: one thread reads 256 KiB, hashes it, writes it, and syncs each file before the
 * next; a restore first verifies the whole archive ({@link ArchiveVerifier#verify}, unchanged),
 * then reads every file again, hashing it while writing it beside its target, syncs each, and
 * renames them all into place. Same system calls and buffer size as the code it replaced.
 */
final class SerialBaseline {
  private static final int BUFFER = 256 * 1024;

  private SerialBaseline() {}

  /** Copies every file of {@code files} (relative to {@code from}) under {@code to}, serially. */
  static long write(Path from, List<Path> files, Path to) throws IOException {
    long bytes = 0;
    Set<Path> dirs = new TreeSet<>();
    for (Path relative : files) {
      Path target = to.resolve(relative);
      Files.createDirectories(target.getParent());
      dirs.add(target.getParent());
      bytes += copyAndSync(from.resolve(relative), target);
      Files.setLastModifiedTime(target, Files.getLastModifiedTime(from.resolve(relative)));
    }
    for (Path dir : dirs) {
      syncDirectory(dir);
    }
    return bytes;
  }

  /** Verifies {@code archive}, then restores it under {@code target} the way Restorer did. */
  static long restore(Path archive, Path target) throws IOException {
    return restore(archive, original -> target.resolve(original.getRoot().relativize(original)));
  }

  /**
   * Verifies {@code archive}, then restores each file to {@code targetOf} its original path the way
   * Restorer did ({@link UnaryOperator#identity()}: in place, as it did after PreRestore).
   */
  static long restore(Path archive, UnaryOperator<Path> targetOf) throws IOException {
    Manifest manifest = ArchiveVerifier.verify(archive);
    List<Path[]> staged = new ArrayList<>();
    long bytes = 0;
    for (FileEntry entry : manifest.files()) {
      Path to = targetOf.apply(entry.originalPath());
      Files.createDirectories(to.getParent());
      Path temp = to.resolveSibling("." + to.getFileName() + ".baseline-restore");
      bytes += copyAndSync(archive.resolve(entry.archivePath()), temp);
      Files.setLastModifiedTime(temp, FileTime.from(entry.lastModified()));
      staged.add(new Path[] {temp, to});
    }
    Set<Path> dirs = new LinkedHashSet<>();
    for (Path[] s : staged) {
      Files.move(s[0], s[1], StandardCopyOption.ATOMIC_MOVE);
      dirs.add(s[1].getParent());
    }
    for (Path dir : dirs) {
      syncDirectory(dir);
    }
    return bytes;
  }

  private static long copyAndSync(Path source, Path target) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[BUFFER];
    long size = 0;
    try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
        FileChannel out =
            FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        size += n;
      }
      out.force(true);
    }
    HexFormat.of().formatHex(digest.digest());
    return size;
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
