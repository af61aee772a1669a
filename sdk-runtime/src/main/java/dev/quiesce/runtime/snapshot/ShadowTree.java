package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The steps of making a shadow tree from a plan that a full copy and a pre-copy update share. */
final class ShadowTree {
  private ShadowTree() {}

  /**
   * Creates a snapshot set's shadow (or pre-copy) directory {@code dir}, which only this process's
   * user can enter ({@code rwx------}), so that no copy in it is open to anyone its original was
   * closed to by a directory above it, whatever the copy's own mode. Its parent must exist.
   */
  static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.getFileAttributeView(dir.getParent(), PosixFileAttributeView.class) != null) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
    } else {
      Files.createDirectory(dir);
    }
  }

  private static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rwx------");

  /** Makes the plan's directories, and the parents of its files, under {@code shadow}. */
  static void makeDirectories(ShadowPlan plan, Path shadow) throws IOException {
    for (ShadowPlan.Directory dir : plan.directories()) {
      Files.createDirectories(FileCopier.shadowOf(shadow, dir.path()));
    }
    for (Path file : plan.files()) {
      Files.createDirectories(FileCopier.shadowOf(shadow, file).getParent());
    }
  }

  /**
   * Recreates the plan's links and then sets its directories' times, children first, so that making
   * an entry does not touch its directory's time afterwards.
   */
  static void finish(ShadowPlan plan, Path shadow) throws IOException {
    for (ShadowPlan.Link link : plan.links()) {
      Path target =
          link.target().isAbsolute() ? FileCopier.shadowOf(shadow, link.resolved()) : link.target();
      Path copy = FileCopier.shadowOf(shadow, link.path());
      Files.createDirectories(copy.getParent());
      Files.createSymbolicLink(copy, target);
    }
    for (int i = plan.directories().size() - 1; i >= 0; i--) {
      ShadowPlan.Directory dir = plan.directories().get(i);
      Files.setLastModifiedTime(FileCopier.shadowOf(shadow, dir.path()), dir.lastModified());
    }
  }
}
