package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the large files whose clone will be slow, before the freeze, and has them defragmented. A
 * reflink clone copies the file's extent map, so it takes time in proportion to the number of
 * extents: a fresh 618 MB table clones in 2 ms, the same table after a few backups under load
 * (70,548 extents, as copy-on-write splits them at every overwrite) in a second, all of it inside
 * the freeze. The extent count comes from the kernel's FIEMAP through {@code filefrag} (e2fsprogs;
 * it works on XFS and btrfs too); where that is not installed, nothing is checked.
 *
 * <p>Each file over the limit goes to {@link Defragmentation}, which defragments it when that
 * unshares nothing and warns otherwise; or, with defragmenting turned off, is only warned of.
 * Nothing here fails the snapshot set for a file's fragmentation: the clone still works, slower.
 */
final class Fragmentation {
  private static final Logger log = LoggerFactory.getLogger(Fragmentation.class);

  /** What became of a fragmented file before the freeze. */
  enum Outcome {
    /** Defragmented to no more extents than the limit. */
    DEFRAGMENTED,
    /** The defragmenter ran and the file still has more extents than the limit. */
    STILL_FRAGMENTED,
    /** Not defragmented: extents shared with another file would be unshared. */
    SHARED,
    /** Not defragmented: no defragmenter, it failed, or the sharing could not be read. */
    NOT_DEFRAGMENTED,
    /** Not defragmented: defragmenting is turned off; only warned of. */
    LEFT
  }

  /**
   * A file too fragmented to clone quickly, and what was done about it.
   *
   * @param file the file
   * @param extents how many extents it had
   * @param outcome what became of it
   * @param extentsAfter how many extents it has after its defragmentation ({@code extents} when it
   *     was not defragmented)
   */
  record Fragmented(Path file, long extents, Outcome outcome, long extentsAfter) {}

  private final Filefrag filefrag;
  private final long minBytes;
  private final long maxExtents;
  private final Defragmentation defragmentation;
  private final boolean defragment;

  /**
   * @param minBytes files smaller than this are not checked (a small file clones quickly anyway)
   * @param maxExtents more extents than this is too many
   * @param defragment whether to defragment the files over the limit, or only warn of them
   */
  Fragmentation(
      Filefrag filefrag,
      long minBytes,
      long maxExtents,
      Defragmentation defragmentation,
      boolean defragment) {
    this.filefrag = filefrag;
    this.minBytes = minBytes;
    this.maxExtents = maxExtents;
    this.defragmentation = defragmentation;
    this.defragment = defragment;
  }

  /**
   * The files of {@code files} of at least the minimum size that have too many extents, each
   * defragmented or warned of.
   *
   * @throws IOException if a file's size cannot be read, or the thread was interrupted
   */
  List<Fragmented> check(List<Path> files) throws IOException {
    List<Path> large = new ArrayList<>();
    for (Path file : files) {
      try {
        if (Files.size(file) >= minBytes && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          large.add(file);
        }
      } catch (NoSuchFileException e) {
        // Gone since listed: nothing to clone.
      }
    }
    if (large.isEmpty()) {
      return List.of();
    }
    if (!filefrag.isInstalled()) {
      log.debug("filefrag is not installed (e2fsprogs): the clones' fragmentation is not checked");
      return List.of();
    }
    List<Fragmented> fragmented = new ArrayList<>();
    for (Path file : large) {
      OptionalLong extents;
      try {
        extents = filefrag.count(file);
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        log.warn(
            "cannot count the extents of {}, so its clone may be slow unnoticed: {}",
            file,
            e.getMessage());
        continue;
      }
      if (extents.isPresent() && extents.getAsLong() > maxExtents) {
        long count = extents.getAsLong();
        fragmented.add(
            defragment
                ? defragmentation.defragment(file, count)
                : defragmentation.leave(file, count));
      }
    }
    return fragmented;
  }
}
