package dev.quiesce.runtime.snapshot;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code filefrag -v}, line by line: how many extents the file has and how many
 * of the listed ones are shared with another file (a reflink copy or a snapshot). Defragmenting a
 * file moves its data to new blocks, so a shared extent would stop being shared and take its space
 * a second time; this is how the copy provider tells before it defragments.
 *
 * <p>Each extent line of {@code filefrag -v} ends in the optional {@code expected} column and the
 * extent's comma-separated flags ({@code last,shared,eof}); the last line counts the extents
 * ({@code <file>: 70548 extents found}, contiguous ones merged). Lines it does not recognise (the
 * header, the file size) are ignored. Output without the count, or with extents counted but none
 * listed (the {@code FIBMAP} fallback of a filesystem without {@code FIEMAP}, which has no flags),
 * is not understood: whether anything is shared is then unknown.
 */
final class ExtentScan implements Consumer<String> {
  private static final Pattern EXTENT =
      Pattern.compile("^\\s*\\d+:\\s*\\d+\\.\\.\\s*\\d+:\\s*\\d+\\.\\.\\s*\\d+:\\s*\\d+:(.*)$");
  private static final Pattern EXPECTED = Pattern.compile("^\\s*\\d+:(.*)$");

  /** The last line of {@code filefrag}, with or without {@code -v}: the number of extents. */
  static final Pattern FOUND = Pattern.compile(": (\\d+) extents? found\\s*$");

  /**
   * What {@code filefrag -v} said of a file.
   *
   * @param count the extents found (contiguous ones counted as one)
   * @param listed the extent lines printed
   * @param shared how many of those have the {@code shared} flag
   */
  record Extents(long count, long listed, long shared) {
    /** Whether any extent is shared with another file. */
    boolean anyShared() {
      return shared > 0;
    }
  }

  private long listed;
  private long shared;
  private Long count;

  /** Reads {@code output}, the whole of what {@code filefrag -v} printed. */
  static Optional<Extents> parse(String output) {
    ExtentScan scan = new ExtentScan();
    output.lines().forEach(scan);
    return scan.result();
  }

  @Override
  public void accept(String line) {
    Matcher extent = EXTENT.matcher(line);
    if (extent.matches()) {
      listed++;
      String rest = extent.group(1);
      Matcher expected = EXPECTED.matcher(rest);
      String flags = expected.matches() ? expected.group(1) : rest;
      for (String flag : flags.split(",")) {
        if (flag.strip().equals("shared")) {
          shared++;
          break;
        }
      }
      return;
    }
    Matcher found = FOUND.matcher(line);
    if (found.find()) {
      count = Long.parseLong(found.group(1));
    }
  }

  /** What was read, or empty if the output was not understood. */
  Optional<Extents> result() {
    if (count == null || (count > 0 && listed == 0)) {
      return Optional.empty();
    }
    return Optional.of(new Extents(count, listed, shared));
  }
}
