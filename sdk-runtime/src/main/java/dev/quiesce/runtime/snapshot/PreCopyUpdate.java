package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a pre-copy into the copy of the frozen instant, inside the freeze, doing work in proportion
 * to what changed since the pre-copy rather than to what exists:
 *
 * <ol>
 *   <li>Whatever the pre-copy has that the frozen set has not, or has as another kind (a file now a
 *       directory, a directory now a file), is deleted; links are all deleted and recreated.
 *   <li>A file whose {@link FileStamp} is as before its pre-copy, and is older than the clock tick
 *       around it ({@link FileStamp#trustedAgainst}), is kept as it is, unread.
 *   <li>Any other file with a copy in the pre-copy is compared block by block and only the
 *       differing pages written ({@link BlockDelta}); the copy takes the file's size, permissions
 *       and times.
 *   <li>A file without a copy (new since the pre-copy) is copied whole, as a full copy would; so is
 *       a changed file whose pre-copy is a link to the last snapshot's copy, which must never be
 *       written ({@link LastCopy}).
 * </ol>
 *
 * <p>The result is what a full copy made at this moment would be: every file is either proved
 * untouched since its pre-copy or made equal to the file as it is now.
 */
final class PreCopyUpdate {
  private final ShadowPlan plan;
  private final Path shadow;
  private final CopyPreparation preparation;
  private final Duration margin;
  private final BlockDelta delta = new BlockDelta();

  /**
   * What the update did.
   *
   * @param unchanged files kept as pre-copied, unread
   * @param linked the files of {@code unchanged} that are links to the last copy's (never to be
   *     written)
   * @param compared files compared block by block
   * @param rewritten bytes written into compared files
   * @param copied files copied whole (new since the pre-copy)
   * @param vanished files of the plan gone when looked at
   * @param stamps the stamp of each file of the result, taken before it was last compared or copied
   */
  record Outcome(
      int unchanged,
      Set<Path> linked,
      int compared,
      long rewritten,
      int copied,
      List<Path> vanished,
      ShadowStamps stamps) {}

  PreCopyUpdate(ShadowPlan plan, Path shadow, CopyPreparation preparation, Duration margin) {
    this.plan = plan;
    this.shadow = shadow;
    this.preparation = preparation;
    this.margin = margin;
  }

  Outcome apply(FileCopier copier) throws IOException {
    prune();
    ShadowTree.makeDirectories(plan, shadow);
    Instant from = Instant.now();
    Map<Path, FileStamp> stamps = new HashMap<>();
    List<Path> vanished = new ArrayList<>();
    List<Path> toCopy = new ArrayList<>();
    int unchanged = 0;
    Set<Path> linked = new HashSet<>();
    int compared = 0;
    long rewritten = 0;
    for (Path file : plan.files()) {
      Path copy = FileCopier.shadowOf(shadow, file);
      if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
        toCopy.add(file);
        continue;
      }
      FileStamp now;
      try {
        now = FileStamp.of(file);
      } catch (NoSuchFileException e) {
        Files.delete(copy);
        vanished.add(file);
        continue;
      }
      if (preparation.stamps().proves(file, now, margin)
          && preparation.unwritten(file, copy, now)) {
        unchanged++;
        if (preparation.linked().contains(file)) {
          linked.add(file);
        }
        stamps.put(file, now);
        continue;
      }
      if (preparation.linked().contains(file)) {
        // Shared with the last copy (and its archive): replaced, never written.
        Files.delete(copy);
        toCopy.add(file);
        continue;
      }
      stamps.put(file, now);
      BlockDelta.Result result = delta.patch(file, copy);
      if (result.vanished()) {
        Files.delete(copy);
        vanished.add(file);
        stamps.remove(file);
      } else {
        compared++;
        rewritten += result.written();
      }
    }
    for (Path file : toCopy) {
      try {
        stamps.put(file, FileStamp.of(file));
      } catch (NoSuchFileException e) {
        // The copier says whether it is back.
      }
    }
    List<Path> gone = copier.copy(toCopy, shadow);
    gone.forEach(stamps::remove);
    vanished.addAll(gone);
    ShadowTree.finish(plan, shadow);
    return new Outcome(
        unchanged,
        linked,
        compared,
        rewritten,
        toCopy.size(),
        vanished,
        new ShadowStamps(stamps, from));
  }

  private enum Kind {
    DIRECTORY,
    FILE
  }

  /** Deletes what the frozen set does not have as the same kind, and every link. */
  private void prune() throws IOException {
    Map<Path, Kind> kinds = new HashMap<>();
    plan.directories().forEach(d -> kinds.put(d.path(), Kind.DIRECTORY));
    plan.files().forEach(f -> kinds.put(f, Kind.FILE));
    for (Path root : plan.roots()) {
      Path copy = FileCopier.shadowOf(shadow, root);
      if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
        Files.walkFileTree(copy, new Pruner(kinds, root, copy));
      }
    }
  }

  private static final class Pruner extends SimpleFileVisitor<Path> {
    private final Map<Path, Kind> kinds;
    private final Path root;
    private final Path copy;

    Pruner(Map<Path, Kind> kinds, Path root, Path copy) {
      this.kinds = kinds;
      this.root = root;
      this.copy = copy;
    }

    private Path original(Path path) {
      return path.equals(copy) ? root : root.resolve(copy.relativize(path).toString());
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
        throws IOException {
      if (kinds.get(original(dir)) == Kind.DIRECTORY) {
        return FileVisitResult.CONTINUE;
      }
      Trees.deleteTree(dir);
      return FileVisitResult.SKIP_SUBTREE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      if (!attrs.isRegularFile() || kinds.get(original(file)) != Kind.FILE) {
        Files.delete(file);
      }
      return FileVisitResult.CONTINUE;
    }
  }
}
