package dev.quiesce.runtime.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test, so that a full disk is real: writes past its size fail with
 * ENOSPC as on any full file system. For testing what a backup or a writer does when the disk fills
 * (an archive on it, a writer's journal on it). Mounting needs root; elsewhere the test is skipped
 * (a JUnit assumption) with the reason.
 */
public final class SmallTmpfs implements AutoCloseable {
  private final Path dir;

  private SmallTmpfs(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code size} (as {@code mount -o size=} takes it, "1m") on {@code dir}. */
  public static SmallTmpfs mount(Path dir, String size) throws IOException, InterruptedException {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "not running as root: mounting a tmpfs to fill needs root (the short-write tests still run)");
    Files.createDirectories(dir);
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeTrue(
        mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0,
        "cannot mount a tmpfs here (a container without CAP_SYS_ADMIN?): " + output.strip());
    return new SmallTmpfs(dir);
  }

  /** Where it is mounted. */
  public Path dir() {
    return dir;
  }

  /** Fills what is left of it with one file, until the file system says it is full. */
  public void fill() throws IOException {
    byte[] block = new byte[64 * 1024];
    try (var out = Files.newOutputStream(dir.resolve("filler"))) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Process umount = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start();
    String output = new String(umount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!umount.waitFor(30, TimeUnit.SECONDS) || umount.exitValue() != 0) {
      throw new IOException("umount " + dir + " failed: " + output.strip());
    }
  }
}
