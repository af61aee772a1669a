package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Walks a snapshot set, never following a symbolic link, and sorts what it finds into a {@link
 * ShadowPlan}: directories and regular files to copy, links to recreate when their target stays
 * inside the set, and the rest (links out of the set, FIFOs, sockets, devices) to skip.
 */
final class ShadowPlanner {
  private ShadowPlanner() {}

  /** The paths of {@code paths} that are not inside another one, absolute and normalized. */
  static List<Path> outermost(List<Path> paths) {
    List<Path> sorted =
        paths.stream()
            .map(p -> p.toAbsolutePath().normalize())
            .distinct()
            .sorted(Comparator.comparingInt(Path::getNameCount))
            .toList();
    List<Path> roots = new ArrayList<>();
    for (Path path : sorted) {
      if (roots.stream().noneMatch(path::startsWith)) {
        roots.add(path);
      }
    }
    return roots;
  }

  /**
   * Checks that each path of the set exists, is a real directory or file (not a link), and is
   * readable.
   *
   * @throws IOException naming the first path that is not, and what to do
   */
  static void checkRoots(List<Path> roots) throws IOException {
    for (Path root : roots) {
      if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(
            root + " does not exist: remove it from the snapshot set or create it first");
      }
      if (Files.isSymbolicLink(root)) {
        throw new IOException(
            root
                + " is a symbolic link (to "
                + Files.readSymbolicLink(root)
                + "): put the real path in the snapshot set");
      }
      if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)
          && !Files.isRegularFile(root, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(
            root + " is neither a directory nor a regular file (a FIFO, socket or device?)");
      }
      if (!Files.isReadable(root) || (Files.isDirectory(root) && !Files.isExecutable(root))) {
        throw new IOException(
            root + " is not readable by this process: grant it read access or run as its owner");
      }
    }
  }

  /**
   * Walks the set.
   *
   * @throws IOException if a path cannot be read (naming it)
   */
  static ShadowPlan plan(List<Path> paths) throws IOException {
    List<Path> roots = outermost(paths);
    checkRoots(roots);
    List<Path> realRoots = new ArrayList<>();
    for (Path root : roots) {
      realRoots.add(root.toRealPath());
    }
    Visitor visitor = new Visitor(roots, realRoots);
    for (Path root : roots) {
      Files.walkFileTree(
          root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE, visitor);
    }
    return new ShadowPlan(
        roots, visitor.directories, visitor.files, visitor.bytes, visitor.links, visitor.skipped);
  }

  private static final class Visitor extends SimpleFileVisitor<Path> {
    private final List<Path> roots;
    private final List<Path> realRoots;
    private final List<ShadowPlan.Directory> directories = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final List<ShadowPlan.Link> links = new ArrayList<>();
    private final List<ShadowPlan.Skipped> skipped = new ArrayList<>();
    private long bytes;

    Visitor(List<Path> roots, List<Path> realRoots) {
      this.roots = roots;
      this.realRoots = realRoots;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      directories.add(new ShadowPlan.Directory(dir, attrs.lastModifiedTime()));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      if (attrs.isRegularFile()) {
        files.add(file);
        bytes += attrs.size();
      } else if (attrs.isSymbolicLink()) {
        visitLink(file);
      } else {
        skipped.add(
            new ShadowPlan.Skipped(
                file, "not a regular file, directory or link (a FIFO, socket or device)"));
      }
      return FileVisitResult.CONTINUE;
    }

    /**
     * Keeps a link if its target stays in the set both as written (resolved lexically) and, when it
     * exists, as the kernel resolves it (through any chain of links): a chain such as {@code a ->
     * dir-link/../..} can look inside and lead outside.
     */
    private void visitLink(Path link) throws IOException {
      Path target = Files.readSymbolicLink(link);
      Path resolved = link.getParent().resolve(target).normalize();
      boolean inside = roots.stream().anyMatch(resolved::startsWith);
      if (inside && Files.exists(link)) {
        Path real = link.toRealPath();
        inside = realRoots.stream().anyMatch(real::startsWith);
      }
      if (inside) {
        links.add(new ShadowPlan.Link(link, target, resolved));
      } else {
        skipped.add(
            new ShadowPlan.Skipped(
                link, "symbolic link to " + target + ", which is outside the snapshot set"));
      }
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
      throw new IOException(
          "cannot read "
              + file
              + " ("
              + e
              + "): grant this process read access or leave it out of the snapshot set",
          e);
    }
  }
}
