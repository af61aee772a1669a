package dev.quiesce.runtime.snapshot;

import dev.quiesce.runtime.snapshot.Fragmentation.Fragmented;
import dev.quiesce.runtime.snapshot.Fragmentation.Outcome;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deals with one file too fragmented to clone quickly, before the freeze: defragments it with its
 * filesystem's {@link OnlineDefragmenter} when that unshares nothing, and otherwise warns, naming
 * the command the user may run.
 *
 * <p>A file whose extents are shared with a snapshot or a reflink copy of the user's is left as it
 * is: defragmenting it would unshare them and take their space a second time. A file whose sharing
 * cannot be read is left too. A defragmenter that is missing, fails, overruns its timeout or leaves
 * the file still fragmented (xfs_fsr skips a file written during its run) is a warning and nothing
 * more: the clone still works, only slower. The defragmenters keep the file's contents, so the
 * snapshot taken later is the data as it is at the freeze either way.
 */
final class Defragmentation {
  private static final Logger log = LoggerFactory.getLogger(Defragmentation.class);
  private static final String SLOW =
      "its clone takes time in proportion to its extents and lengthens the freeze";

  /** The type of the filesystem a file is on, as {@link java.nio.file.FileStore#type()} says. */
  interface FileSystemType {
    /** The filesystem type of {@code file} ({@code xfs}, {@code btrfs}, ...). */
    String of(Path file) throws IOException;
  }

  /** The real {@link FileSystemType}: the file's {@link java.nio.file.FileStore}. */
  static final FileSystemType FILE_STORE = file -> Files.getFileStore(file).type();

  private final CommandRunner runner;
  private final Filefrag filefrag;
  private final FileSystemType types;
  private final Duration timeout;
  private final long maxExtents;

  /**
   * @param timeout how long one defragmenter run may take before it is killed
   * @param maxExtents a file with more extents than this after the run is still fragmented
   */
  Defragmentation(
      CommandRunner runner,
      Filefrag filefrag,
      FileSystemType types,
      Duration timeout,
      long maxExtents) {
    this.runner = runner;
    this.filefrag = filefrag;
    this.types = types;
    this.timeout = timeout;
    this.maxExtents = maxExtents;
  }

  /**
   * Defragments {@code file} of {@code extents} extents if that unshares nothing; logs what it did
   * (INFO) or why it did not (WARN).
   *
   * @throws InterruptedIOException if the thread was interrupted (the set is being stopped); any
   *     other problem is a warning
   */
  Fragmented defragment(Path file, long extents) throws InterruptedIOException {
    try {
      return attempt(file, extents);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (NoSuchFileException e) {
      log.debug("{} is gone since its extents were counted: nothing to defragment", file);
    } catch (IOException e) {
      log.warn(
          "{} has {} extents and could not be defragmented before the freeze: {}; {}",
          file,
          extents,
          e.getMessage(),
          SLOW);
    } catch (RuntimeException e) {
      log.warn(
          "{} has {} extents and could not be defragmented before the freeze: {}; {}",
          file,
          extents,
          e,
          SLOW,
          e);
    }
    return new Fragmented(file, extents, Outcome.NOT_DEFRAGMENTED, extents);
  }

  /** Only warns of {@code file}, defragmenting having been turned off. */
  Fragmented leave(Path file, long extents) {
    log.warn(
        "{} has {} extents: {}; defragmenting before the freeze is turned off, so defragment it"
            + " while its application is idle: {}",
        file,
        extents,
        SLOW,
        advice(file));
    return new Fragmented(file, extents, Outcome.LEFT, extents);
  }

  private Fragmented attempt(Path file, long extents) throws IOException {
    String type = types.of(file);
    Optional<OnlineDefragmenter> found = OnlineDefragmenter.of(type);
    if (found.isEmpty()) {
      log.warn(
          "{} has {} extents: {}; its filesystem ({}) has no online defragmenter this provider"
              + " knows, so defragment it with the filesystem's own tools while its application is"
              + " idle",
          file,
          extents,
          SLOW,
          type);
      return new Fragmented(file, extents, Outcome.NOT_DEFRAGMENTED, extents);
    }
    OnlineDefragmenter defragmenter = found.get();
    String command = String.join(" ", defragmenter.command(file));
    Optional<ExtentScan.Extents> scan = filefrag.scan(file);
    if (scan.isEmpty()) {
      log.warn(
          "{} has {} extents: {}; `filefrag -v` did not say whether its extents are shared with a"
              + " snapshot or a reflink copy, so it is not defragmented ({}); if nothing shares"
              + " them, run `{}` while its application is idle",
          file,
          extents,
          SLOW,
          defragmenter.sharingCaveat(),
          command);
      return new Fragmented(file, extents, Outcome.NOT_DEFRAGMENTED, extents);
    }
    ExtentScan.Extents listed = scan.get();
    if (listed.anyShared()) {
      log.warn(
          "{} has {} extents, {} of its {} listed extents shared with a snapshot or a reflink copy:"
              + " not defragmented, as {}; {}. To defragment it anyway, with the space to spare"
              + " and its application idle, run `{}`",
          file,
          extents,
          listed.shared(),
          listed.listed(),
          defragmenter.sharingCaveat(),
          SLOW,
          command);
      return new Fragmented(file, extents, Outcome.SHARED, extents);
    }
    if (!runner.isInstalled(defragmenter.program())) {
      log.warn(
          "{} has {} extents: {}; it is not defragmented because {} is not installed: install {}"
              + " and this provider runs `{}` before the freeze",
          file,
          extents,
          SLOW,
          defragmenter.program(),
          defragmenter.packageName(),
          command);
      return new Fragmented(file, extents, Outcome.NOT_DEFRAGMENTED, extents);
    }
    return run(file, extents, defragmenter, command);
  }

  private Fragmented run(Path file, long extents, OnlineDefragmenter defragmenter, String command)
      throws IOException {
    long start = System.nanoTime();
    CommandResult result = runner.run(defragmenter.command(file), timeout);
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    if (!result.succeeded()) {
      String stderr = result.stderr().strip();
      log.warn(
          "{} has {} extents and `{}` failed on it (exit code {}{}): not defragmented; {}",
          file,
          extents,
          command,
          result.exitCode(),
          stderr.isEmpty() ? "" : ": " + stderr,
          SLOW);
      return new Fragmented(file, extents, Outcome.NOT_DEFRAGMENTED, extents);
    }
    OptionalLong counted = filefrag.countWritten(file);
    if (counted.isEmpty()) {
      log.warn(
          "ran `{}` on {} ({} extents before, {} ms) but cannot count its extents now; if it is"
              + " still fragmented, {}",
          command,
          file,
          extents,
          millis,
          SLOW);
      return new Fragmented(file, extents, Outcome.NOT_DEFRAGMENTED, extents);
    }
    long after = counted.getAsLong();
    if (after > maxExtents) {
      log.warn(
          "{} still has {} extents (had {}) after `{}` ({} ms{}): {}; {}; defragment it while"
              + " its application is idle",
          file,
          after,
          extents,
          command,
          millis,
          said(result),
          defragmenter.stillFragmentedReason(),
          SLOW);
      return new Fragmented(file, extents, Outcome.STILL_FRAGMENTED, after);
    }
    log.info(
        "defragmented {} before the freeze with `{}`: {} extents before, {} after, in {} ms",
        file,
        command,
        extents,
        after,
        millis);
    return new Fragmented(file, extents, Outcome.DEFRAGMENTED, after);
  }

  /**
   * What the defragmenter printed on standard error, for the warning (xfs_fsr reports a file it
   * could not open or is not on XFS there, and exits with 0).
   */
  private static String said(CommandResult result) {
    String stderr = result.stderr().strip();
    return stderr.isEmpty() ? "" : ", and it said: " + stderr;
  }

  /** The command to run on {@code file}, by its filesystem, or both when that is not known. */
  private String advice(Path file) {
    Optional<OnlineDefragmenter> defragmenter;
    try {
      defragmenter = OnlineDefragmenter.of(types.of(file));
    } catch (IOException | RuntimeException e) {
      log.debug("cannot tell the filesystem type of {}: {}", file, e.toString());
      defragmenter = Optional.empty();
    }
    return defragmenter
        .map(d -> "`" + String.join(" ", d.command(file)) + "`")
        .orElse(
            "`"
                + String.join(" ", OnlineDefragmenter.XFS.command(file))
                + "` on XFS, `"
                + String.join(" ", OnlineDefragmenter.BTRFS.command(file))
                + "` on btrfs");
  }
}
