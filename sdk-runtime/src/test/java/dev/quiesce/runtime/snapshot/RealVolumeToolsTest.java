package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The volume providers against the real tools. Each runs only where its tool is installed and a
 * scratch directory on such a volume is named in an environment variable (they need root and a
 * volume to spare, so they are skipped on ordinary build machines).
 */
class RealVolumeToolsTest {
  @Test
  void btrfs() throws IOException {
    roundTrip(new BtrfsSnapshotProvider(), "btrfs", "QUIESCE_TEST_BTRFS_DIR");
  }

  @Test
  void lvm() throws IOException {
    roundTrip(new LvmSnapshotProvider(), "lvcreate", "QUIESCE_TEST_LVM_DIR");
  }

  @Test
  void zfs() throws IOException {
    roundTrip(new ZfsSnapshotProvider(), "zfs", "QUIESCE_TEST_ZFS_DIR");
  }

  private static void roundTrip(SnapshotProvider provider, String tool, String variable)
      throws IOException {
    assumeTrue(
        new ProcessCommandRunner().isInstalled(tool),
        tool + " is not installed: the real " + provider.name() + " provider cannot run here");
    String dir = System.getenv(variable);
    assumeTrue(
        dir != null && !dir.isBlank(),
        "set "
            + variable
            + " to a scratch directory on a "
            + provider.name()
            + " volume (as root)");
    Path data = Files.createTempDirectory(Path.of(dir), "quiesce-test-");
    Path file = Files.writeString(data.resolve("a.txt"), "before");
    provider.check(List.of(data));
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data))) {
      Files.writeString(file, "after");
      assertArrayEquals("before".getBytes(), Files.readAllBytes(snapshot.pathOf(file)));
    } finally {
      Trees.deleteTree(data);
    }
  }
}
