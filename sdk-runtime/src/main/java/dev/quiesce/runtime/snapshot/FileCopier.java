package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Copies regular files into a shadow directory, each to its absolute path re-rooted under the
 * shadow directory ({@code /data/a.db} to {@code <shadow>/data/a.db}), keeping contents, size and
 * last-modified time. The parent directories already exist.
 *
 * <p>A file that is gone when it is copied (deleted or renamed since it was listed: the normal life
 * of a live directory) is no error: the copier leaves it out and returns it. Any other failure is.
 */
interface FileCopier {
  /**
   * Copies {@code files} (absolute, normalized, regular files) under {@code shadow}.
   *
   * @return the files that were no longer there (no longer regular files) when copied, in the order
   *     of {@code files}; they have no copy
   * @throws IOException naming the file that could not be copied, for any other reason
   */
  List<Path> copy(List<Path> files, Path shadow) throws IOException;

  /** A short description for logs ("cp --reflink=auto", "Files.copy"). */
  String describe();

  /** Where the copy of {@code original} goes under {@code shadow}. */
  static Path shadowOf(Path shadow, Path original) {
    Path relative = original.getRoot().relativize(original);
    return shadow.resolve(relative.toString());
  }
}
