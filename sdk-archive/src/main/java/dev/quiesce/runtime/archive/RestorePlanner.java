package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.RestoreMethod;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides where each file of a verified archive goes and refuses, before anything is written, any
 * target that would escape: outside the target directory after normalization, or reached through a
 * symbolic link or non-directory inside the target directory; a target that is a directory or a
 * special file; and two entries with different contents for one target.
 */
final class RestorePlanner {
  private RestorePlanner() {}

  /** One file to restore. */
  record Step(FileEntry entry, Path target) {}

  /** The steps to run, the targets left alone, and every problem found. */
  record Plan(List<Step> steps, List<Path> skipped, List<String> problems) {}

  /**
   * Plans the restore of {@code manifest}.
   *
   * @param base the directory the original paths are re-rooted under, or null to restore to the
   *     original paths
   */
  static Plan plan(Manifest manifest, Path base) {
    List<Step> steps = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<Path, FileEntry> byTarget = new HashMap<>();
    for (FileEntry entry : manifest.files()) {
      Path original = entry.originalPath();
      Path target =
          base == null
              ? original
              : base.resolve(original.getRoot().relativize(original).toString()).normalize();
      String name = "entry '" + entry.archivePath() + "'";
      if (base != null && (!target.startsWith(base) || target.equals(base))) {
        problems.add(name + " would be restored to " + target + ", outside " + base + ": refused");
        continue;
      }
      FileEntry same = byTarget.putIfAbsent(target, entry);
      if (same != null) {
        if (!same.sha256().equals(entry.sha256())) {
          problems.add(
              name
                  + " and entry '"
                  + same.archivePath()
                  + "' both restore to "
                  + target
                  + " with different contents: refused");
        }
        continue;
      }
      String problem = targetProblem(target, base);
      if (problem != null) {
        problems.add(name + ": " + problem);
      } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
          && restoreMethod(manifest, entry) == RestoreMethod.RESTORE_IF_NOT_THERE) {
        skipped.add(target);
      } else {
        steps.add(new Step(entry, target));
      }
    }
    return new Plan(steps, skipped, problems);
  }

  private static RestoreMethod restoreMethod(Manifest manifest, FileEntry entry) {
    return manifest.writers().stream()
        .filter(w -> w.isFor(entry))
        .findFirst()
        .map(w -> w.metadata().restoreMethod())
        .orElse(RestoreMethod.RESTORE_IF_CAN_REPLACE);
  }

  /** What stops writing {@code target}, or null. */
  private static String targetProblem(Path target, Path base) {
    // Inside a target directory, nothing on the way may be a link: it could lead outside.
    Path start = base == null ? target.getRoot() : base;
    for (Path dir = target.getParent(); dir != null && !dir.equals(start); dir = dir.getParent()) {
      if (base != null && Files.isSymbolicLink(dir)) {
        return dir
            + " is a symbolic link inside the target directory "
            + base
            + "; restoring through it could write outside it: remove it or restore elsewhere";
      }
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        return dir + " exists and is not a directory: move it away first";
      }
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return target + " is a directory: it cannot be replaced by a file; move it away first";
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
        && !Files.isSymbolicLink(target)) {
      return target + " is a special file (FIFO, socket or device): move it away first";
    }
    return null;
  }
}
