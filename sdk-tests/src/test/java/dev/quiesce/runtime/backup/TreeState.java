package dev.quiesce.runtime.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a directory tree holds, for "byte-identical" and "untouched" assertions. */
final class TreeState {
  private TreeState() {}

  /**
   * Every entry under {@code root} (not following links), by its path relative to {@code root}:
   * {@code "dir"}, {@code "link -> target"}, or the SHA-256 and size of a regular file. Empty if
   * {@code root} does not exist.
   */
  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> state = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return state;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .filter(p -> !p.equals(root))
          .forEach(p -> state.put(root.relativize(p).toString(), describe(p)));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return state;
  }

  /**
   * The regular files under {@code root} and their contents' checksums, as {@link #of} gives them,
   * without the {@code *.lck} files every rig writer excludes: what a backup of its tree holds.
   */
  static Map<String, String> writerFiles(Path root) throws IOException {
    Map<String, String> kept = new TreeMap<>(of(root));
    kept.entrySet().removeIf(e -> e.getValue().equals("dir") || e.getKey().endsWith(".lck"));
    return kept;
  }

  /** The regular files under {@code root} and their contents as text (for readable failures). */
  static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> contents = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        contents.put(
            root.relativize(p).toString(),
            new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return contents;
  }

  private static String describe(Path p) {
    try {
      if (Files.isSymbolicLink(p)) {
        return "link -> " + Files.readSymbolicLink(p);
      }
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        return "dir";
      }
      byte[] bytes = Files.readAllBytes(p);
      return bytes.length + " bytes " + HexFormat.of().formatHex(sha256(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
