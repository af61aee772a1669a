package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Copies regular files into a shadow directory, each to its absolute path re-rooted under the
 * shadow directory ({@code /data/a.db} to {@code <shadow>/data/a.db}), keeping contents, size and
 * last-modified time. The parent directories already exist.
 */
interface FileCopier {
  /**
   * Copies {@code files} (absolute, normalized, regular files) under {@code shadow}.
   *
   * @throws IOException naming the file that could not be copied
   */
  void copy(List<Path> files, Path shadow) throws IOException;

  /** A short description for logs ("cp --reflink=auto", "Files.copy"). */
  String describe();

  /** Where the copy of {@code original} goes under {@code shadow}. */
  static Path shadowOf(Path shadow, Path original) {
    Path relative = original.getRoot().relativize(original);
    return shadow.resolve(relative.toString());
  }
}
