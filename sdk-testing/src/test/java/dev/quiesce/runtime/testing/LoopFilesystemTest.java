package dev.quiesce.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LoopFilesystem#create} outside JUnit's assumptions: it mounts a real XFS that takes files,
 * and its close, called twice as a benchmark's finally block and shutdown hook may, leaves neither
 * the mount nor the loop device behind. Skipped with the reason where this machine cannot mount.
 */
class LoopFilesystemTest {
  @Test
  void createMountsAndCloseTwiceUndoesItOnce(@TempDir Path tmp) throws Exception {
    LoopFilesystem fs = createOrSkip(tmp);
    String mountPoint = fs.root().toRealPath().toString();
    try {
      assertTrue(mounts().contains(mountPoint), "mounted at " + mountPoint);
      Path file = Files.writeString(fs.root().resolve("probe"), "data");
      assertEquals("data", Files.readString(file));
      assertEquals("xfs", Files.getFileStore(file).type());
    } finally {
      fs.close();
    }
    fs.close();
    assertFalse(mounts().contains(mountPoint), "unmounted: " + mountPoint);
    String image = tmp.resolve("xfs.img").toRealPath().toString();
    String attached = fs.run("losetup", "--associated", image).stdout();
    assertTrue(attached.isBlank(), "no loop device left on the image: " + attached);
  }

  private static LoopFilesystem createOrSkip(Path tmp) throws IOException {
    try {
      return LoopFilesystem.create(LoopFilesystem.Kind.XFS, 320, tmp);
    } catch (MountUnavailableException e) {
      return abort(e.getMessage());
    }
  }

  /** The mount points in /proc/mounts. */
  private static List<String> mounts() throws IOException {
    return Files.readAllLines(Path.of("/proc/mounts")).stream()
        .map(line -> line.split(" ")[1])
        .toList();
  }
}
