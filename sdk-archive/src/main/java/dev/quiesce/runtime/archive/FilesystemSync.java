package dev.quiesce.runtime.archive;

import dev.quiesce.runtime.snapshot.CommandRunner;
import dev.quiesce.runtime.snapshot.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an archive of many small files durable with one sync of its filesystem ({@code syncfs(2)},
 * through GNU coreutils' {@code sync -f}) instead of an {@code fsync} per file and directory.
 *
 * <h2>Why</h2>
 *
 * On a journaling filesystem every {@code fsync} of a file just written waits for a journal commit;
 * concurrent ones share commits, but with an application committing its own transactions on the
 * same disk they queue behind its commits. Measured on the Derby bank's 10 MiB database under four
 * transfer threads (ext4): its 84 files and their directories took 80 to 140 ms to sync one by one
 * on 32 threads, the whole archive write 110 to 180 ms; one {@code syncfs} took 15 to 30 ms. For a
 * large archive the per-file syncs cost nothing extra (they overlap the copy of the next file), so
 * this is for small archives only.
 *
 * <h2>When, and why not always</h2>
 *
 * A filesystem sync also writes whatever else is dirty on that filesystem, so it is used only where
 * that is little and where it reports errors as {@code fsync} does (PostgreSQL's {@code
 * --sync-method=syncfs} states the same two caveats):
 *
 * <ul>
 *   <li>the archive has at least {@link #MIN_FILES} files and at most {@link #MAX_BYTES} bytes;
 *   <li>the machine has little dirty data besides (the kernel's {@code Dirty} and {@code Writeback}
 *       of {@code /proc/meminfo} at most {@link #MAX_OTHER_DIRTY} beyond the archive's size);
 *   <li>Linux 5.8 or later, the first that reports a writeback error to {@code syncfs};
 *   <li>a local filesystem ({@link #LOCAL_TYPES}): what {@code syncfs} means on a network
 *       filesystem depends on its client.
 * </ul>
 *
 * A sync that cannot run or fails is no error by itself: the archive writer then syncs every file
 * one by one, which either succeeds (the failure was another file's on the same filesystem) or
 * names the file that cannot be written.
 */
final class FilesystemSync {
  private static final Logger log = LoggerFactory.getLogger(FilesystemSync.class);

  /** Fewer files than this sync file by file: a handful of {@code fsync}s costs no more. */
  static final int MIN_FILES = 16;

  /**
   * Larger archives sync file by file, behind the copy of the next file (see {@link SyncBehind}):
   * their syncs overlap the copy, which a sync at the end could not.
   */
  static final long MAX_BYTES = SyncBehind.INLINE_BYTES;

  /** How much dirty data besides the archive a filesystem sync may have to write. */
  static final long MAX_OTHER_DIRTY = 64L << 20;

  /**
   * Filesystems whose {@code syncfs} writes and commits everything, as their {@code fsync} does.
   */
  static final Set<String> LOCAL_TYPES = Set.of("ext4", "ext3", "xfs", "btrfs", "f2fs", "tmpfs");

  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern KERNEL = Pattern.compile("^(\\d+)\\.(\\d+)");
  private static final Pattern MEMINFO_KB = Pattern.compile("^(Dirty|Writeback):\\s+(\\d+) kB$");

  private final CommandRunner runner;
  private final String osName;
  private final String osVersion;
  private final Supplier<OptionalLong> dirtyBytes;

  /** The real one: this machine's kernel, {@code /proc/meminfo} and {@code sync}. */
  FilesystemSync() {
    this(
        new ProcessCommandRunner(),
        System.getProperty("os.name", ""),
        System.getProperty("os.version", ""),
        FilesystemSync::readDirtyBytes);
  }

  /** Tests: another runner, kernel and dirty-data reading. */
  FilesystemSync(
      CommandRunner runner, String osName, String osVersion, Supplier<OptionalLong> dirtyBytes) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.osName = Objects.requireNonNull(osName, "osName");
    this.osVersion = Objects.requireNonNull(osVersion, "osVersion");
    this.dirtyBytes = Objects.requireNonNull(dirtyBytes, "dirtyBytes");
  }

  /** Never used: every archive syncs file by file. */
  static FilesystemSync never() {
    return new FilesystemSync(
        new ProcessCommandRunner(), "none", "0.0", () -> OptionalLong.of(Long.MAX_VALUE));
  }

  /**
   * Whether one sync of {@code archiveDir}'s filesystem should make an archive of {@code files}
   * files and {@code bytes} bytes durable, rather than a sync per file (see the class comment).
   */
  boolean suits(Path archiveDir, int files, long bytes) {
    if (files < MIN_FILES || bytes > MAX_BYTES || !reportsErrors()) {
      return false;
    }
    OptionalLong dirty = dirtyBytes.get();
    if (dirty.isEmpty() || dirty.getAsLong() > bytes + MAX_OTHER_DIRTY) {
      return false;
    }
    String type;
    try {
      type = Files.getFileStore(archiveDir).type();
    } catch (IOException | RuntimeException e) {
      log.debug("cannot tell the filesystem of {}: {}", archiveDir, e.toString());
      return false;
    }
    return LOCAL_TYPES.contains(type) && runner.isInstalled("sync");
  }

  /** Linux 5.8 or later. */
  private boolean reportsErrors() {
    if (!osName.equals("Linux")) {
      return false;
    }
    Matcher m = KERNEL.matcher(osVersion);
    if (!m.find()) {
      return false;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return major > 5 || (major == 5 && minor >= 8);
  }

  /**
   * Syncs the filesystem holding {@code dir}: everything written to it before is on disk when this
   * returns.
   *
   * @throws IOException if the sync could not run or reported an error, with what {@code sync} said
   */
  void sync(Path dir) throws IOException {
    runner
        .run(List.of("sync", "-f", dir.toString()), TIMEOUT)
        .requireSuccess("sync of the filesystem holding " + dir);
  }

  /** The kernel's dirty and writeback data in bytes, or empty where it cannot be read. */
  private static OptionalLong readDirtyBytes() {
    try {
      return dirtyBytes(Files.readAllLines(Path.of("/proc/meminfo")));
    } catch (IOException | RuntimeException e) {
      log.debug("cannot read /proc/meminfo: {}", e.toString());
      return OptionalLong.empty();
    }
  }

  /** {@code Dirty} plus {@code Writeback} of {@code /proc/meminfo}'s lines, in bytes. */
  static OptionalLong dirtyBytes(List<String> meminfo) {
    long kb = 0;
    int found = 0;
    for (String line : meminfo) {
      Matcher m = MEMINFO_KB.matcher(line.strip());
      if (m.matches()) {
        kb += Long.parseLong(m.group(2));
        found++;
      }
    }
    return found == 2 ? OptionalLong.of(kb * 1024) : OptionalLong.empty();
  }
}
