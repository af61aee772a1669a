package dev.quiesce.api.metadata;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Objects;

/**
 * A set of files under one directory, chosen by a name pattern (VSS's file descriptor: path,
 * filespec, recursive).
 *
 * @param root the directory, stored absolute and normalized
 * @param filespec a file name pattern with {@code *} and {@code ?} (a glob on the file name alone)
 * @param recursive whether files in subdirectories of {@code root} match too
 */
public record FileSet(Path root, String filespec, boolean recursive) {
  /**
   * Checks the fields and makes {@code root} absolute.
   *
   * @throws IllegalArgumentException if {@code filespec} is blank or holds a path separator
   */
  public FileSet {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(filespec, "filespec");
    if (filespec.isBlank() || filespec.contains("/") || filespec.contains("\\")) {
      throw new IllegalArgumentException(
          "filespec '"
              + filespec
              + "' must be a file name pattern such as \"*\" or \"*.log\", without a directory;"
              + " put the directory in root");
    }
    root = root.toAbsolutePath().normalize();
  }

  /**
   * Whether {@code file} belongs to this set: it lies under {@link #root()} (directly, unless
   * {@link #recursive()}) and its name matches {@link #filespec()}.
   */
  public boolean matches(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!absolute.startsWith(root) || absolute.equals(root)) {
      return false;
    }
    if (!recursive && !root.equals(absolute.getParent())) {
      return false;
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + filespec);
    return matcher.matches(absolute.getFileName());
  }
}
