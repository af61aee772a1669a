package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The steps of making a shadow tree from a plan that a full copy and a pre-copy update share. */
final class ShadowTree {
  private ShadowTree() {}

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
