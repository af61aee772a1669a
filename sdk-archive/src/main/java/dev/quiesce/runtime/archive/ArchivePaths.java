package dev.quiesce.runtime.archive;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for paths inside an archive. An entry's archive path must be a plain relative path
 * under {@code data/}: {@code /}-separated, no empty, {@code .} or {@code ..} segment, no
 * backslash, no NUL, not absolute. Checked when writing and, since a manifest may be hostile, again
 * when reading.
 */
final class ArchivePaths {
  /** The directory, in the archive, that holds the files. */
  static final String DATA = "data";

  private static final Pattern UNSAFE_NAME_CHARS = Pattern.compile("[^A-Za-z0-9._@+=-]");

  private ArchivePaths() {}

  /**
   * A file or directory name made from {@code text} (a writer or component name) that is safe in an
   * archive path: odd characters become {@code _}, and {@code .} or {@code ..} is prefixed.
   */
  static String safeName(String text) {
    String name = UNSAFE_NAME_CHARS.matcher(text).replaceAll("_");
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      name = "_" + name;
    }
    return name;
  }

  /**
   * The archive path of {@code original} in directory {@code dir} ({@code
   * data/<writer>/<component>}): the original's absolute path without its root, with {@code %} and
   * {@code \} (legal in Linux file names, refused in archive paths) written {@code %25} and {@code
   * %5C}.
   */
  static String of(String dir, Path original) {
    StringBuilder path = new StringBuilder(dir);
    for (Path segment : original) {
      path.append('/').append(segment.toString().replace("%", "%25").replace("\\", "%5C"));
    }
    return path.toString();
  }

  /** What is wrong with {@code archivePath}, if anything. */
  static Optional<String> problem(String archivePath) {
    if (archivePath.isEmpty()) {
      return Optional.of("an entry has an empty archive path");
    }
    if (archivePath.indexOf('\0') >= 0) {
      return Optional.of("archive path '" + archivePath + "' contains a NUL character");
    }
    if (archivePath.indexOf('\\') >= 0) {
      return Optional.of("archive path '" + archivePath + "' contains a backslash");
    }
    if (archivePath.startsWith("/") || Path.of(archivePath).isAbsolute()) {
      return Optional.of("archive path '" + archivePath + "' is absolute");
    }
    String[] segments = archivePath.split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return Optional.of(
            "archive path '"
                + archivePath
                + "' has a '"
                + segment
                + "' segment: entries must be plain paths under data/");
      }
    }
    if (segments.length < 2 || !segments[0].equals(DATA)) {
      return Optional.of("archive path '" + archivePath + "' is not under data/");
    }
    return Optional.empty();
  }

  /** What is wrong with {@code original} as a file's original path, if anything. */
  static Optional<String> originalProblem(Path original) {
    if (!original.isAbsolute()) {
      return Optional.of("original path '" + original + "' is not absolute");
    }
    if (!original.normalize().equals(original) || original.toString().contains("/../")) {
      return Optional.of("original path '" + original + "' is not normalized (has . or ..)");
    }
    if (original.getNameCount() == 0) {
      return Optional.of("original path '" + original + "' is a root, not a file");
    }
    return Optional.empty();
  }
}
