package dev.quiesce.runtime.snapshot;

import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Deletes shadow trees: Guava's recursive delete, for a tree that may already be gone. */
final class Trees {
  private Trees() {}

  /**
   * Deletes {@code root} and everything under it, if it exists. A link is deleted, never followed;
   * Guava walks the tree through a {@code SecureDirectoryStream}, so a directory swapped for a link
   * while it runs cannot lead it outside.
   */
  static void deleteTree(Path root) throws IOException {
    if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      MoreFiles.deleteRecursively(root);
    }
  }
}
