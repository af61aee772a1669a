package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks {@code filefrag} (e2fsprogs) about a file's extents. It reads the kernel's {@code FIEMAP},
 * so it works on XFS and btrfs as well as ext4. An answer that cannot be had (the command fails,
 * its output is not understood) is empty and logged at DEBUG: the callers treat the file as
 * unknown, never as a reason to fail.
 */
final class Filefrag {
  /** The program. */
  static final String PROGRAM = "filefrag";

  private static final Logger log = LoggerFactory.getLogger(Filefrag.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final CommandRunner runner;

  Filefrag(CommandRunner runner) {
    this.runner = runner;
  }

  /** Whether {@code filefrag} is installed. */
  boolean isInstalled() {
    return runner.isInstalled(PROGRAM);
  }

  /** How many extents {@code file} has ({@code filefrag <file>}). */
  OptionalLong count(Path file) throws IOException {
    return count(List.of(PROGRAM, file.toString()), file);
  }

  /**
   * How many extents {@code file} has once its dirty pages are written out ({@code filefrag -s
   * <file>}): after a defragmenter that leaves its new extents to writeback, as btrfs does.
   */
  OptionalLong countWritten(Path file) throws IOException {
    return count(List.of(PROGRAM, "-s", file.toString()), file);
  }

  private OptionalLong count(List<String> command, Path file) throws IOException {
    CommandResult result = runner.run(command, TIMEOUT);
    Matcher matcher = ExtentScan.FOUND.matcher(result.stdout().strip());
    if (!result.succeeded() || !matcher.find()) {
      log.debug("cannot count the extents of {}: {}", file, detail(result));
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(matcher.group(1)));
  }

  /**
   * Every extent of {@code file} and whether it is shared ({@code filefrag -v <file>}, read line by
   * line to the end however many extents there are).
   */
  Optional<ExtentScan.Extents> scan(Path file) throws IOException {
    ExtentScan scan = new ExtentScan();
    CommandResult result = runner.run(List.of(PROGRAM, "-v", file.toString()), TIMEOUT, scan);
    Optional<ExtentScan.Extents> extents = result.succeeded() ? scan.result() : Optional.empty();
    if (extents.isEmpty()) {
      log.debug("cannot list the extents of {}: {}", file, detail(result));
    }
    return extents;
  }

  private static String detail(CommandResult result) {
    String stderr = result.stderr().strip();
    return "`"
        + String.join(" ", result.command())
        + "` exited with "
        + result.exitCode()
        + (stderr.isEmpty() ? "" : ": " + stderr);
  }
}
