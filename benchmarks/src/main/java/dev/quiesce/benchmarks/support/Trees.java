package dev.quiesce.benchmarks.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmarks' file trees: deleting working directories and backups after each round, copying a
 * built database onto a loop mount, and syncing a tree as Quiesce's archive is synced (Derby's
 * backup fsyncs each file it writes but no directory; see BENCHMARKS.md).
 */
public final class Trees {
  private Trees() {}

  /** Deletes {@code root} and everything under it, deepest first; nothing if it is absent. */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Commits everything written to {@code dir}'s filesystem ({@code sync -f}, {@code syncfs(2)}): a
   * deletion's work (btrfs frees the extents of a deleted gigabyte in its next commits) is then
   * done, not left to weigh on the next measurement.
   *
   * @throws IOException if {@code sync} cannot run or fails
   */
  public static void settle(Path dir) throws IOException {
    Process sync = new ProcessBuilder("sync", "-f", dir.toString()).inheritIO().start();
    try {
      int exit = sync.waitFor();
      if (exit != 0) {
        throw new IOException("sync -f " + dir + " exited with " + exit);
      }
    } catch (InterruptedException e) {
      sync.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while syncing " + dir);
    }
  }

  /** Copies the tree {@code from} to {@code to} (which must not exist), keeping modified times. */
  public static void copy(Path from, Path to) throws IOException {
    for (Path p : list(from)) {
      Path target = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(target);
      } else {
        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  /**
   * Syncs every file under {@code root} and then every directory (fsync of each), as Quiesce's
   * archive is synced before its backup returns.
   */
  public static void sync(Path root) throws IOException {
    List<Path> all = list(root);
    for (Path p : all) {
      if (Files.isRegularFile(p)) {
        force(p, StandardOpenOption.WRITE);
      }
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      if (Files.isDirectory(all.get(i))) {
        force(all.get(i), StandardOpenOption.READ);
      }
    }
  }

  private static void force(Path p, StandardOpenOption mode) throws IOException {
    try (FileChannel channel = FileChannel.open(p, mode)) {
      channel.force(true);
    }
  }

  private static List<Path> list(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.toList();
    }
  }
}
