package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
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
 *
 * <p>An entry that a directory listed but that is gone when looked at (a live directory's file
 * deleted during the walk) is recorded as vanished, not an error: see {@link
 * dev.quiesce.api.spi.Snapshot#vanished()} for who decides what it means.
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
    return plan(paths, file -> {});
  }

  /** Tests: told of each entry the walk has just recorded, to change the tree under the walk. */
  interface WalkProbe {
    void visited(Path path) throws IOException;
  }

  /** {@link #plan(List)}, telling {@code probe} of each entry as the walk records it. */
  static ShadowPlan plan(List<Path> paths, WalkProbe probe) throws IOException {
    List<Path> roots = outermost(paths);
    checkRoots(roots);
    List<Path> realRoots = new ArrayList<>();
    for (Path root : roots) {
      try {
        realRoots.add(root.toRealPath());
      } catch (NoSuchFileException e) {
        realRoots.add(root); // gone since checked: the walk records it as vanished
      }
    }
    Visitor visitor = new Visitor(roots, realRoots, probe);
    for (Path root : roots) {
      Files.walkFileTree(
          root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE, visitor);
    }
    return new ShadowPlan(
        roots,
        visitor.directories,
        visitor.files,
        visitor.bytes,
        visitor.links,
        visitor.skipped,
        visitor.vanished);
  }

  private static final class Visitor extends SimpleFileVisitor<Path> {
    private final List<Path> roots;
    private final List<Path> realRoots;
    private final List<ShadowPlan.Directory> directories = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final List<ShadowPlan.Link> links = new ArrayList<>();
    private final List<ShadowPlan.Skipped> skipped = new ArrayList<>();
    private final List<Path> vanished = new ArrayList<>();
    private final WalkProbe probe;
    private long bytes;

    Visitor(List<Path> roots, List<Path> realRoots, WalkProbe probe) {
      this.roots = roots;
      this.realRoots = realRoots;
      this.probe = probe;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
        throws IOException {
      directories.add(new ShadowPlan.Directory(dir, attrs.lastModifiedTime()));
      probe.visited(dir);
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      try {
        sort(file, attrs);
      } catch (NoSuchFileException e) {
        // A link read after it was deleted.
        vanished.add(file);
      }
      probe.visited(file);
      return FileVisitResult.CONTINUE;
    }

    private void sort(Path file, BasicFileAttributes attrs) throws IOException {
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
        try {
          Path real = link.toRealPath();
          inside = realRoots.stream().anyMatch(real::startsWith);
        } catch (NoSuchFileException e) {
          // The target went away after Files.exists: a dangling link, kept as written like any.
          if (Files.exists(link)) {
            throw e;
          }
        }
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
      if (e instanceof NoSuchFileException && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        // Listed by its directory, gone when looked at: a file (or a whole directory) deleted
        // while the set was walked.
        vanished.add(file);
        return FileVisitResult.CONTINUE;
      }
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
