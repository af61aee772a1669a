package dev.quiesce.api.metadata;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
   * Compiled name patterns by filespec: a backup asks {@link #matches} of every file of every set,
   * and compiling the glob each time was most of the time an archive took to plan (a record cannot
   * keep it in a field). Writers use a handful of patterns; the cache is emptied past {@link
   * #MAX_CACHED} in case one makes them up.
   */
  private static final ConcurrentMap<String, PathMatcher> MATCHERS = new ConcurrentHashMap<>();

  private static final int MAX_CACHED = 256;

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
    return matcher(filespec).matches(absolute.getFileName());
  }

  private static PathMatcher matcher(String filespec) {
    PathMatcher matcher = MATCHERS.get(filespec);
    if (matcher == null) {
      if (MATCHERS.size() >= MAX_CACHED) {
        MATCHERS.clear();
      }
      matcher = FileSystems.getDefault().getPathMatcher("glob:" + filespec);
      MATCHERS.put(filespec, matcher);
    }
    return matcher;
  }
}
