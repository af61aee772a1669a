package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which filesystem a path is on, to compare: whether a rename between two paths can work. */
final class Device {
  private Device() {}

  /**
   * An object equal for paths on the same filesystem: the device number where the platform has one
   * ({@code unix:dev}, links followed), else the path's {@link java.nio.file.FileStore}.
   *
   * @throws IOException if {@code path} cannot be examined
   */
  static Object of(Path path) throws IOException {
    try {
      return Files.getAttribute(path, "unix:dev");
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return Files.getFileStore(path);
    }
  }
}
