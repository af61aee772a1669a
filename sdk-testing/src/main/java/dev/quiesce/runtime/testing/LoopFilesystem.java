package dev.quiesce.runtime.testing;

import static org.junit.jupiter.api.Assumptions.abort;

import dev.quiesce.runtime.snapshot.CommandResult;
import dev.quiesce.runtime.snapshot.CommandRunner;
import dev.quiesce.runtime.snapshot.ProcessCommandRunner;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real filesystem for one test: an image file formatted as {@link Kind btrfs or XFS}, attached to
 * a loop device and mounted. The providers' clone and snapshot paths can only be proven on the
 * filesystems that have them; a fake runner only proves the command lines.
 *
 * <p>{@link #mount} skips the test (with the reason) where this cannot work: not root, a tool
 * missing, no free loop device, or a kernel without the filesystem; {@link #create} throws that
 * reason instead ({@link MountUnavailableException}), for code outside JUnit. {@link #close()}
 * unmounts and detaches even when the test failed, so a failing test leaves no mount or loop device
 * behind. Use it in try-with-resources, with the image under a {@code @TempDir}.
 */
public final class LoopFilesystem implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  /** The filesystems tested for real, and how to make each on an image file. */
  public enum Kind {
    /** btrfs: subvolumes, read-only snapshots and reflinks. */
    BTRFS("mkfs.btrfs", List.of("-q")),
    /** XFS with reflink enabled (images of at least 300 MB). */
    XFS("mkfs.xfs", List.of("-q", "-m", "reflink=1"));

    private final String mkfs;
    private final List<String> options;

    Kind(String mkfs, List<String> options) {
      this.mkfs = mkfs;
      this.options = options;
    }
  }

  private final CommandRunner runner;
  private final String device;
  private final Path mountPoint;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LoopFilesystem(CommandRunner runner, String device, Path mountPoint) {
    this.runner = runner;
    this.device = device;
    this.mountPoint = mountPoint;
  }

  /**
   * Makes a {@code kind} filesystem of {@code megabytes} in {@code dir/<kind>.img} and mounts it at
   * {@code dir/<kind>}, or skips the test saying why it cannot ({@link #create}).
   */
  public static LoopFilesystem mount(Kind kind, int megabytes, Path dir) throws IOException {
    try {
      return create(kind, megabytes, dir);
    } catch (MountUnavailableException e) {
      return abort(e.getMessage());
    }
  }

  /**
   * Makes a {@code kind} filesystem of {@code megabytes} (a sparse image file, {@code
   * dir/<kind>.img}) and mounts it at {@code dir/<kind>}; for callers outside JUnit, such as the
   * benchmarks.
   *
   * @throws MountUnavailableException if this machine cannot: not root, a tool missing, no free
   *     loop device, or the kernel cannot mount the filesystem; nothing is left attached
   * @throws IOException if making the filesystem fails, or the image cannot be written
   */
  public static LoopFilesystem create(Kind kind, long megabytes, Path dir)
      throws IOException, MountUnavailableException {
    if (!isRoot()) {
      throw new MountUnavailableException("mounting a loop device needs root");
    }
    CommandRunner runner = new ProcessCommandRunner();
    String name = kind.name().toLowerCase(Locale.ROOT);
    for (String tool : List.of(kind.mkfs, "losetup", "mount", "umount")) {
      if (!runner.isInstalled(tool)) {
        throw new MountUnavailableException(tool + " is not installed: no " + name);
      }
    }
    Path image = dir.resolve(name + ".img");
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(megabytes * 1024L * 1024L);
    }
    List<String> mkfs = new ArrayList<>(List.of(kind.mkfs));
    mkfs.addAll(kind.options);
    mkfs.add(image.toString());
    runner.run(mkfs, TIMEOUT).requireSuccess("making " + name + " on " + image);

    CommandResult attach =
        runner.run(List.of("losetup", "--find", "--show", image.toString()), TIMEOUT);
    if (!attach.succeeded()) {
      throw new MountUnavailableException("no loop device: " + attach.stderr().strip());
    }
    String device = attach.stdout().strip();
    Path mountPoint = Files.createDirectories(dir.resolve(name));
    CommandResult mount = runner.run(List.of("mount", device, mountPoint.toString()), TIMEOUT);
    if (!mount.succeeded()) {
      runner.run(List.of("losetup", "-d", device), TIMEOUT).requireSuccess("losetup -d " + device);
      throw new MountUnavailableException("cannot mount " + name + ": " + mount.stderr().strip());
    }
    return new LoopFilesystem(runner, device, mountPoint);
  }

  private static boolean isRoot() {
    try {
      // /proc/self belongs to the process's effective user.
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Where the filesystem is mounted. */
  public Path root() {
    return mountPoint;
  }

  /** Runs a command that must succeed (a filesystem's own tool, such as {@code btrfs}). */
  public CommandResult run(String... command) throws IOException {
    return runner.run(List.of(command), TIMEOUT).requireSuccess(String.join(" ", command));
  }

  /**
   * Unmounts (lazily if something still holds it, so the loop device can go) and detaches the loop
   * device, each attempted whatever happened before. Only the first call does it, so a shutdown
   * hook may call it as well as the code that mounted.
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (!runner.run(List.of("umount", mountPoint.toString()), TIMEOUT).succeeded()) {
        run("umount", "-l", mountPoint.toString());
      }
    } finally {
      run("losetup", "-d", device);
    }
  }
}
