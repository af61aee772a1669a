package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Checks shared by the volume providers. */
final class Tools {
  private Tools() {}

  /**
   * Checks that {@code program} is installed.
   *
   * @param advice what to do if not ("install btrfs-progs or use the copy provider")
   * @throws IOException "{@code program} not found on PATH: {@code advice}"
   */
  static void require(CommandRunner runner, String program, String advice) throws IOException {
    if (!runner.isInstalled(program)) {
      throw new IOException(program + " not found on PATH: " + advice);
    }
  }

  /**
   * Checks that each path is absolute and exists.
   *
   * @throws IOException naming the first that does not
   */
  static void requireExisting(List<Path> paths) throws IOException {
    for (Path path : paths) {
      if (!path.isAbsolute()) {
        throw new IOException(path + " is not absolute: give absolute, normalized paths");
      }
      if (!java.nio.file.Files.exists(path)) {
        throw new IOException(
            path + " does not exist: remove it from the snapshot set or create it first");
      }
    }
  }
}
