package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the large files whose clone will be slow. A reflink clone copies the file's extent map, so
 * it takes time in proportion to the number of extents: a fresh 618 MB table clones in 2 ms, the
 * same table after a few backups under load (70,548 extents, as copy-on-write splits them at every
 * overwrite) in a second, all of it inside the freeze. The extent count comes from the kernel's
 * FIEMAP through {@code filefrag} (e2fsprogs; it works on XFS and btrfs too); where that is not
 * installed, nothing is checked. Each file over the limit is logged as a warning naming it, its
 * extent count and how to defragment it.
 */
final class Fragmentation {
  private static final Logger log = LoggerFactory.getLogger(Fragmentation.class);
  private static final Pattern EXTENTS = Pattern.compile(": (\\d+) extents? found\\s*$");

  /**
   * A file too fragmented to clone quickly.
   *
   * @param file the file
   * @param extents how many extents it has
   */
  record Fragmented(Path file, long extents) {}

  private final CommandRunner runner;
  private final long minBytes;
  private final long maxExtents;

  /**
   * @param minBytes files smaller than this are not checked (a small file clones quickly anyway)
   * @param maxExtents more extents than this is reported
   */
  Fragmentation(CommandRunner runner, long minBytes, long maxExtents) {
    this.runner = runner;
    this.minBytes = minBytes;
    this.maxExtents = maxExtents;
  }

  /** The files of {@code files} of at least the minimum size that have too many extents. */
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
    if (!runner.isInstalled("filefrag")) {
      log.debug("filefrag is not installed (e2fsprogs): the clones' fragmentation is not checked");
      return List.of();
    }
    List<Fragmented> fragmented = new ArrayList<>();
    for (Path file : large) {
      CommandResult result =
          runner.run(List.of("filefrag", file.toString()), Duration.ofSeconds(30));
      Matcher matcher = EXTENTS.matcher(result.stdout().strip());
      if (!result.succeeded() || !matcher.find()) {
        log.debug("cannot count the extents of {}: {}", file, result.stderr().strip());
        continue;
      }
      long extents = Long.parseLong(matcher.group(1));
      if (extents > maxExtents) {
        fragmented.add(new Fragmented(file, extents));
        log.warn(
            "{} has {} extents: cloning it takes time in proportion and lengthens the freeze;"
                + " defragment it while its application is idle (xfs_fsr {} on XFS, btrfs"
                + " filesystem defragment {} on btrfs)",
            file,
            extents,
            file,
            file);
      }
    }
    return fragmented;
  }
}
