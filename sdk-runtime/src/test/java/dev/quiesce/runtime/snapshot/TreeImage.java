package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a tree holds, entry by entry (relative path to kind, contents, permissions and mtime), so
 * that two copies can be compared with one {@code assertEquals} that names what differs.
 */
final class TreeImage {
  private TreeImage() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> image = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        image.put(root.relativize(path).toString(), describe(path));
      }
    }
    return image;
  }

  private static String describe(Path path) throws IOException {
    PosixFileAttributes attributes =
        Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attributes.isSymbolicLink()) {
      return "link -> " + Files.readSymbolicLink(path);
    }
    String common =
        PosixFilePermissions.toString(attributes.permissions())
            + " "
            + attributes.lastModifiedTime();
    if (attributes.isDirectory()) {
      return "dir " + common;
    }
    byte[] bytes = Files.readAllBytes(path);
    String contents =
        bytes.length <= 64
            ? HexFormat.of().formatHex(bytes)
            : bytes.length + " bytes, hash " + java.util.Arrays.hashCode(bytes);
    return "file " + common + " " + contents;
  }
}
