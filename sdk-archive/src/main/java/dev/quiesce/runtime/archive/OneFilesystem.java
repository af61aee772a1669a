package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Whether a restore's targets are all on one filesystem, by their nearest existing directories. */
final class OneFilesystem {
  private OneFilesystem() {}

  /**
   * The nearest existing directory of the first of {@code targets} if every target's nearest
   * existing directory is on the same device; null if they are on several, there are none, or one
   * cannot be examined (then each file is synced on its own, which is always right).
   */
  static Path of(List<Path> targets) {
    Set<Path> parents = new HashSet<>();
    Object device = null;
    Path first = null;
    for (Path target : targets) {
      Path parent = target.toAbsolutePath().getParent();
      if (parent == null || !parents.add(parent)) {
        continue;
      }
      Path existing = parent;
      // Links followed: a target under a link to another filesystem is on that one.
      while (existing != null && !Files.isDirectory(existing)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return null;
      }
      Object dev;
      try {
        dev = Device.of(existing);
      } catch (IOException e) {
        return null;
      }
      if (device == null) {
        device = dev;
        first = existing;
      } else if (!device.equals(dev)) {
        return null;
      }
    }
    return first;
  }
}
