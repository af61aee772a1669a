package dev.quiesce.runtime.snapshot;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * What the copy provider will copy, found by walking the snapshot set without following links.
 *
 * @param roots the outermost paths of the set (paths nested in another one are dropped)
 * @param directories the directories to recreate, parents before children, with their times
 * @param files the regular files to copy
 * @param bytes the total size of {@code files}
 * @param links the symbolic links to recreate (their targets stay inside the set)
 * @param skipped what is left out, and why
 * @param vanished what was listed in a directory but gone when looked at (deleted meanwhile)
 */
record ShadowPlan(
    List<Path> roots,
    List<Directory> directories,
    List<Path> files,
    long bytes,
    List<Link> links,
    List<Skipped> skipped,
    List<Path> vanished) {

  ShadowPlan {
    vanished = List.copyOf(vanished);
    roots = List.copyOf(roots);
    directories = List.copyOf(directories);
    files = List.copyOf(files);
    links = List.copyOf(links);
    skipped = List.copyOf(skipped);
  }

  /** A directory of the set and its last-modified time, restored on the copy at the end. */
  record Directory(Path path, FileTime lastModified) {}

  /**
   * A symbolic link whose target stays inside the set.
   *
   * @param path the link
   * @param target its target as stored (relative or absolute)
   * @param resolved the target resolved against the link's directory and normalized
   */
  record Link(Path path, Path target, Path resolved) {}

  /** A path left out of the copy, with the reason (logged as a warning). */
  record Skipped(Path path, String reason) {}
}
