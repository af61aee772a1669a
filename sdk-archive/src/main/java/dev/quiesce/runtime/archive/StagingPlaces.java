package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.AlternateLocationMapping;
import dev.quiesce.api.metadata.Component;
import dev.quiesce.api.metadata.FileSet;
import dev.quiesce.api.metadata.WriterMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where a restore writes each file before putting it in place.
 *
 * <p>{@link #besideTargets()}: a hidden temporary name in the target's own directory. That is right
 * when the files are put in place soon after, with no writer acting in between: re-rooted, or in
 * place once PreRestore has run.
 *
 * <p>{@link #outsideFileSets}: to original paths, staged before PreRestore. A writer may move its
 * data directory aside in PreRestore (the bank and PostgreSQL examples do), and files staged in it
 * would go with it. They are staged instead in a private directory ({@code rwx------}) beside the
 * outermost file-set root (or alternate location) that holds the target, in that root's parent
 * directory, where a writer puts what it sets aside, and only if that directory is on the target's
 * filesystem, so that putting a file in place is still one atomic rename. The staging directories
 * are removed when the restore ends. Where one cannot be made ({@link
 * StagingUnavailableException}), the caller stages after PreRestore beside the targets instead.
 */
final class StagingPlaces {
  /** The prefix of a staging directory's name. */
  static final String STAGING_PREFIX = ".quiesce-restore-";

  private static final int MAX_NAME_KEPT = 100;

  private final List<Path> roots;
  private final String id = UUID.randomUUID().toString();
  private final Map<Path, Path> stagingDirOfParent = new LinkedHashMap<>();
  private final Map<Path, Object> deviceOf = new HashMap<>();
  private int staged;

  private StagingPlaces(List<Path> roots) {
    this.roots = roots;
  }

  /** Each file beside its target. */
  static StagingPlaces besideTargets() {
    return new StagingPlaces(null);
  }

  /**
   * Each file in a staging directory beside the outermost root of {@code live}'s file sets and
   * alternate locations that holds its target.
   */
  static StagingPlaces outsideFileSets(List<WriterMetadata> live) {
    List<Path> roots = new ArrayList<>();
    for (WriterMetadata writer : live) {
      for (Component component : writer.components()) {
        for (FileSet set : component.fileSets()) {
          roots.add(set.root().toAbsolutePath().normalize());
        }
      }
      for (AlternateLocationMapping mapping : writer.alternateLocationMappings()) {
        roots.add(mapping.destination().toAbsolutePath().normalize());
      }
    }
    roots.sort(Comparator.comparingInt(Path::getNameCount));
    return new StagingPlaces(List.copyOf(roots));
  }

  /** Whether files are staged beside their targets, whose directories the staging makes. */
  boolean besideTarget() {
    return roots == null;
  }

  /**
   * A new temporary path for {@code target}'s file, making its staging directory if it is the
   * first.
   *
   * @throws StagingUnavailableException if it cannot be staged outside the file sets: no root holds
   *     it, the root's parent is missing, on another filesystem, or not writable
   * @throws IOException if a filesystem cannot be examined
   */
  Path tempFor(Path target) throws IOException {
    if (roots == null) {
      return target.resolveSibling(
          "." + shortened(target.getFileName().toString()) + STAGING_PREFIX + UUID.randomUUID());
    }
    Path root =
        roots.stream()
            .filter(target::startsWith)
            .findFirst()
            .orElseThrow(
                () ->
                    new StagingUnavailableException(
                        target + " is in no file set or alternate location a writer declares"));
    Path parent = root.getParent();
    if (parent == null || !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      throw new StagingUnavailableException(
          "the file set rooted at " + root + " has no parent directory to stage beside it in");
    }
    Path dir = stagingDirOfParent.get(parent);
    if (dir == null) {
      dir = parent.resolve(STAGING_PREFIX + id);
      try {
        Permissions.createPrivateDirectory(dir);
      } catch (IOException e) {
        throw new StagingUnavailableException(
            "cannot make the staging directory " + dir + " (" + e + ")", e);
      }
      stagingDirOfParent.put(parent, dir);
    }
    Object stagingDevice = device(dir);
    Object targetDevice = device(nearestDirectory(target.getParent()));
    if (stagingDevice == null || !stagingDevice.equals(targetDevice)) {
      throw new StagingUnavailableException(
          target + " is not on the filesystem of " + parent + ", where it would be staged");
    }
    return dir.resolve(Integer.toString(staged++));
  }

  /** The staging directories made, to remove once the files are put in place or abandoned. */
  List<Path> directories() {
    return List.copyOf(stagingDirOfParent.values());
  }

  private Object device(Path dir) throws IOException {
    Object known = deviceOf.get(dir);
    if (known == null) {
      known = Device.of(dir);
      deviceOf.put(dir, known);
    }
    return known;
  }

  private static Path nearestDirectory(Path dir) {
    Path existing = dir;
    // Links followed: a target under a link to another filesystem is on that one.
    while (existing != null && !Files.isDirectory(existing)) {
      existing = existing.getParent();
    }
    return existing == null ? dir.getRoot() : existing;
  }

  /** At most {@value #MAX_NAME_KEPT} characters of {@code name}: a temporary name must fit. */
  private static String shortened(String name) {
    return name.length() <= MAX_NAME_KEPT ? name : name.substring(0, MAX_NAME_KEPT);
  }
}
