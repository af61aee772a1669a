package dev.quiesce.runtime.snapshot;

import static dev.quiesce.runtime.snapshot.FakeCommandRunner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LVM and ZFS providers' whole command sequences, answered with output recorded from the real
 * tools (column padding and messages as {@code findmnt -n -r}, {@code lvs --noheadings}, {@code
 * lvcreate} and {@code zfs} print them). Their real tools cannot run here (no device-mapper
 * snapshot target, no ZFS), so this is where the sequences are pinned: several volumes, paths
 * sharing one, and a failure of the creating command. {@link VolumeProvidersTest} covers the
 * single-volume cases and the error messages.
 */
class RecordedToolOutputTest {
  private static final Set<String> TOOLS =
      Set.of("zfs", "lvcreate", "lvs", "lvremove", "mount", "umount", "findmnt");

  @TempDir Path tmp;
  private Path srv;
  private Path var;
  private final SnapshotSetId id = SnapshotSetId.random();

  @BeforeEach
  void makeMounts() throws IOException {
    srv = Files.createDirectories(tmp.resolve("srv"));
    var = Files.createDirectories(tmp.resolve("var"));
    Files.createDirectories(srv.resolve("db"));
    Files.createDirectories(srv.resolve("files"));
    Files.createDirectories(var.resolve("log"));
  }

  /** A findmnt answer as recorded: one line, space-separated, no header. */
  private CommandResult findmnt(List<String> command, Map<Path, String> sourceAndType) {
    Path target = Path.of(command.get(command.size() - 1));
    for (Map.Entry<Path, String> mount : sourceAndType.entrySet()) {
      if (target.startsWith(mount.getKey())) {
        return ok(command, mount.getKey() + " " + mount.getValue() + "\n");
      }
    }
    throw new AssertionError("no recorded mount for " + target);
  }

  private FakeCommandRunner lvm(String lvcreateError) {
    Map<Path, String> mounts =
        Map.of(srv, "/dev/mapper/vg0-srv xfs", var, "/dev/mapper/vg1-var ext4");
    return new FakeCommandRunner(
        TOOLS,
        c ->
            switch (c.get(0)) {
              case "findmnt" -> findmnt(c, mounts);
              // lvs pads its columns: "  vg0 srv  " with --noheadings.
              case "lvs" ->
                  ok(c, c.get(4).endsWith("vg0-srv") ? "  vg0  srv  \n" : "  vg1  var  \n");
              case "lvcreate" ->
                  lvcreateError == null || !c.get(c.size() - 1).equals("vg1/var")
                      ? ok(c, "  Logical volume \"" + c.get(3) + "\" created.\n")
                      : new CommandResult(c, 5, "", lvcreateError);
              default -> ok(c, "");
            });
  }

  @Test
  void lvmSnapshotsEachVolumeOnceAndReleasesInReverse() throws IOException {
    FakeCommandRunner runner = lvm(null);
    Path mountRoot = tmp.resolve("mnt");
    Snapshot snapshot =
        new LvmSnapshotProvider(runner, mountRoot, "1G")
            .take(id, List.of(srv.resolve("db"), var, srv.resolve("files")));
    Path set = mountRoot.resolve(id.toString());
    assertEquals(set.resolve("0/db/x"), snapshot.pathOf(srv.resolve("db/x")));
    assertEquals(set.resolve("0/files"), snapshot.pathOf(srv.resolve("files")));
    assertEquals(set.resolve("1/log"), snapshot.pathOf(var.resolve("log")));
    snapshot.close();
    String name = "quiesce-" + id;
    assertEquals(
        List.of(
            "lvcreate --snapshot --name " + name + "-0 --size 1G vg0/srv",
            "mount -o ro,nouuid /dev/vg0/" + name + "-0 " + set.resolve("0"),
            "lvcreate --snapshot --name " + name + "-1 --size 1G vg1/var",
            "mount -o ro /dev/vg1/" + name + "-1 " + set.resolve("1"),
            "umount " + set.resolve("1"),
            "lvremove -f vg1/" + name + "-1",
            "umount " + set.resolve("0"),
            "lvremove -f vg0/" + name + "-0"),
        withoutQueries(runner));
    assertFalse(Files.exists(set), "mount points removed");
  }

  @Test
  void lvmOutOfSpaceOnTheSecondVolumeUndoesTheFirst() {
    FakeCommandRunner runner =
        lvm("  Volume group \"vg1\" has insufficient free space (12 extents): 256 required.\n");
    Path mountRoot = tmp.resolve("mnt");
    IOException e =
        assertThrows(
            IOException.class,
            () -> new LvmSnapshotProvider(runner, mountRoot, "1G").take(id, List.of(srv, var)));
    assertTrue(
        e.getMessage()
            .endsWith(
                "exited with 5: Volume group \"vg1\" has insufficient free space"
                    + " (12 extents): 256 required."),
        e.getMessage());
    Path set = mountRoot.resolve(id.toString());
    String name = "quiesce-" + id;
    assertEquals(
        List.of(
            "lvcreate --snapshot --name " + name + "-0 --size 1G vg0/srv",
            "mount -o ro,nouuid /dev/vg0/" + name + "-0 " + set.resolve("0"),
            "lvcreate --snapshot --name " + name + "-1 --size 1G vg1/var",
            "umount " + set.resolve("0"),
            "lvremove -f vg0/" + name + "-0"),
        withoutQueries(runner));
    assertFalse(Files.exists(set), "mount points removed");
  }

  private FakeCommandRunner zfs(String snapshotError) {
    Map<Path, String> mounts = Map.of(srv, "tank/srv zfs", var, "tank/var zfs");
    return new FakeCommandRunner(
        TOOLS,
        c -> {
          if (c.get(0).equals("findmnt")) {
            return findmnt(c, mounts);
          }
          if (c.get(1).equals("snapshot") && snapshotError != null) {
            return new CommandResult(c, 1, "", snapshotError);
          }
          return ok(c, "");
        });
  }

  @Test
  void zfsSnapshotsEachDatasetOnceInOneCommand() throws IOException {
    FakeCommandRunner runner = zfs(null);
    Snapshot snapshot =
        new ZfsSnapshotProvider(runner)
            .take(id, List.of(srv.resolve("db"), var.resolve("log"), srv.resolve("files")));
    String name = "quiesce-" + id;
    assertEquals(
        srv.resolve(".zfs/snapshot/" + name + "/files/a"), snapshot.pathOf(srv.resolve("files/a")));
    snapshot.close();
    assertEquals(
        List.of(
            "zfs snapshot tank/srv@" + name + " tank/var@" + name,
            "zfs destroy tank/var@" + name,
            "zfs destroy tank/srv@" + name),
        withoutQueries(runner));
  }

  @Test
  void zfsFailedSnapshotLeavesNothingToDestroy() {
    String name = "quiesce-" + id;
    FakeCommandRunner runner =
        zfs(
            "cannot create snapshot 'tank/var@"
                + name
                + "': out of space\nno snapshots were created\n");
    IOException e =
        assertThrows(
            IOException.class, () -> new ZfsSnapshotProvider(runner).take(id, List.of(srv, var)));
    assertTrue(e.getMessage().endsWith("no snapshots were created"), e.getMessage());
    assertEquals(
        List.of("zfs snapshot tank/srv@" + name + " tank/var@" + name), withoutQueries(runner));
  }

  /** The commands that change something: findmnt and lvs only ask. */
  private static List<String> withoutQueries(FakeCommandRunner runner) {
    return runner.commandLines().stream()
        .filter(l -> !l.startsWith("findmnt ") && !l.startsWith("lvs "))
        .toList();
  }
}
