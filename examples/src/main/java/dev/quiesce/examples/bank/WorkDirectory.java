package dev.quiesce.examples.bank;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The demo's work directory, emptied at the start of each run. */
final class WorkDirectory {
  private WorkDirectory() {}

  /**
   * Deletes {@code dir} and everything in it, then creates it empty.
   *
   * @throws IOException if {@code dir} holds something other than an earlier run's files (a marker
   *     file tells): the demo refuses to delete a directory it did not make
   */
  static void reset(Path dir) throws IOException {
    Path marker = dir.resolve(".quiesce-demo");
    if (Files.exists(dir)) {
      boolean empty;
      try (Stream<Path> entries = Files.list(dir)) {
        empty = entries.findAny().isEmpty();
      }
      if (!empty && !Files.exists(marker)) {
        throw new IOException(
            dir + " is not empty and was not made by the demo; give --work an empty directory");
      }
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    Files.createFile(marker);
  }
}
