package dev.quiesce.runtime.snapshot;

import static dev.quiesce.runtime.snapshot.FakeCommandRunner.failed;
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
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume providers' command lines and error paths, against a fake runner. */
class VolumeProvidersTest {
  private static final Set<String> ALL_TOOLS =
      Set.of("btrfs", "zfs", "lvcreate", "lvs", "lvremove", "mount", "umount", "findmnt");

  @TempDir Path tmp;
  private Path volA;
  private Path volB;
  private final SnapshotSetId id = SnapshotSetId.random();

  @BeforeEach
  void makeVolumes() throws IOException {
    volA = Files.createDirectories(tmp.resolve("vol a"));
    volB = Files.createDirectories(tmp.resolve("volB"));
    Files.createDirectories(volA.resolve("db"));
    Files.createDirectories(volB.resolve("logs"));
  }

  /** findmnt answers: everything under volA is one mount, under volB another. */
  private static CommandResult findmnt(
      List<String> command,
      Path volA,
      Path volB,
      String typeA,
      String srcA,
      String typeB,
      String srcB) {
    Path target = Path.of(command.get(command.size() - 1));
    String escapedA = volA.toString().replace(" ", "\\x20");
    if (target.startsWith(volA)) {
      return ok(command, escapedA + " " + srcA + " " + typeA + "\n");
    }
    return ok(command, volB + " " + srcB + " " + typeB + "\n");
  }

  /** A runner for two btrfs volumes, volA and volB, where every btrfs command succeeds. */
  private FakeCommandRunner twoBtrfsVolumes() {
    return new FakeCommandRunner(ALL_TOOLS, this::twoBtrfsVolumes);
  }

  private CommandResult twoBtrfsVolumes(List<String> c) {
    return c.get(0).equals("findmnt")
        ? findmnt(c, volA, volB, "btrfs", "/dev/sda1", "btrfs", "/dev/sdb1")
        : ok(c, "");
  }

  @Test
  void btrfsSaysWhenTheToolIsMissing() {
    FakeCommandRunner runner = new FakeCommandRunner(Set.of("findmnt"), c -> ok(c, ""));
    IOException e =
        assertThrows(
            IOException.class, () -> new BtrfsSnapshotProvider(runner).check(List.of(volA)));
    assertEquals(
        "btrfs not found on PATH: install btrfs-progs or use the copy provider", e.getMessage());
  }

  @Test
  void btrfsSaysWhenThePathIsNotOnBtrfs() {
    FakeCommandRunner runner =
        new FakeCommandRunner(
            ALL_TOOLS, c -> findmnt(c, volA, volB, "ext4", "/dev/sda1", "ext4", "/dev/sda2"));
    IOException e =
        assertThrows(
            IOException.class, () -> new BtrfsSnapshotProvider(runner).check(List.of(volA)));
    assertEquals(
        volA
            + " is on a ext4 filesystem (mounted at "
            + volA
            + "), not btrfs: use the copy provider, or keep the data in a btrfs subvolume",
        e.getMessage());
  }

  @Test
  void btrfsSnapshotsEachSubvolumeReadOnlyAndDeletesOnClose() throws IOException {
    FakeCommandRunner runner =
        new FakeCommandRunner(
            ALL_TOOLS,
            c ->
                c.get(0).equals("findmnt")
                    ? findmnt(c, volA, volB, "btrfs", "/dev/sda1[/a]", "btrfs", "/dev/sda1[/b]")
                    : ok(c, ""));
    BtrfsSnapshotProvider provider = new BtrfsSnapshotProvider(runner);
    Snapshot snapshot = provider.take(id, List.of(volA.resolve("db"), volB));
    Path snapA = volA.resolve(".quiesce-snapshots").resolve(id.toString());
    Path snapB = volB.resolve(".quiesce-snapshots").resolve(id.toString());
    assertEquals(snapA.resolve("db/x.db"), snapshot.pathOf(volA.resolve("db/x.db")));
    assertEquals(snapB.resolve("logs"), snapshot.pathOf(volB.resolve("logs")));
    assertThrows(IllegalArgumentException.class, () -> snapshot.pathOf(volA));
    snapshot.close();
    snapshot.close();
    assertEquals(
        List.of(
            "btrfs subvolume snapshot -r " + volA + " " + snapA,
            "btrfs subvolume snapshot -r " + volB + " " + snapB,
            "btrfs subvolume delete " + snapB,
            "btrfs subvolume delete " + snapA),
        runner.commandLines().stream().filter(l -> l.startsWith("btrfs")).toList());
  }

  @Test
  void btrfsUndoesTheFirstSnapshotWhenTheSecondFails() {
    FakeCommandRunner runner =
        new FakeCommandRunner(
            ALL_TOOLS,
            c -> {
              if (c.get(0).equals("findmnt")) {
                return findmnt(c, volA, volB, "btrfs", "/dev/sda1", "btrfs", "/dev/sdb1");
              }
              if (c.contains("snapshot") && c.contains(volB.toString())) {
                return failed(c, "ERROR: cannot snapshot: No space left on device");
              }
              return ok(c, "");
            });
    IOException e =
        assertThrows(
            IOException.class,
            () -> new BtrfsSnapshotProvider(runner).take(id, List.of(volA, volB)));
    assertTrue(
        e.getMessage().startsWith("btrfs snapshot of subvolume " + volB + " failed"),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith("exited with 1: ERROR: cannot snapshot: No space left on device"),
        e.getMessage());
    List<String> lines = runner.commandLines();
    assertEquals(
        "btrfs subvolume delete " + volA.resolve(".quiesce-snapshots").resolve(id.toString()),
        lines.get(lines.size() - 1));
  }

  @Test
  void btrfsCommitsEachFilesystemBeforeTheWritersFlushAndTakesOnlyTheSnapshotsInTheFreeze()
      throws IOException {
    FakeCommandRunner runner = twoBtrfsVolumes();
    BtrfsSnapshotProvider provider = new BtrfsSnapshotProvider(runner);
    List<Path> paths = List.of(volA.resolve("db"), volA, volB);

    provider.beginPrepare(id, paths);
    assertEquals(
        List.of("btrfs filesystem sync " + volA, "btrfs filesystem sync " + volB),
        runner.commandLines().stream().filter(l -> l.startsWith("btrfs")).toList(),
        "one commit per subvolume, before the writers flush");
    int begun = runner.commandLines().size();
    try (var preparation = provider.prepare(id, paths)) {
      int before = runner.commandLines().size();
      assertTrue(
          runner.commandLines().subList(begun, before).stream()
              .allMatch(l -> l.startsWith("findmnt")),
          "prepare, after the writers flushed, only finds the subvolumes: "
              + runner.commandLines().subList(begun, before));
      try (Snapshot snapshot = provider.take(id, paths)) {
        assertEquals(
            volA.resolve(".quiesce-snapshots").resolve(id.toString()).resolve("db/x"),
            snapshot.pathOf(volA.resolve("db/x")));
        assertEquals(
            List.of(
                "btrfs subvolume snapshot -r "
                    + volA
                    + " "
                    + volA.resolve(".quiesce-snapshots").resolve(id.toString()),
                "btrfs subvolume snapshot -r "
                    + volB
                    + " "
                    + volB.resolve(".quiesce-snapshots").resolve(id.toString())),
            runner.commandLines().subList(before, runner.commandLines().size()),
            "inside the freeze: no findmnt, only the snapshots");
      }
    }
  }

  @Test
  void aBtrfsCommitThatFailsBeforeTheFreezeOnlyLeavesTheWholeCommitToTheSnapshot()
      throws IOException {
    FakeCommandRunner runner =
        new FakeCommandRunner(
            ALL_TOOLS,
            c ->
                c.contains("sync")
                    ? failed(c, "ERROR: sync ioctl failed on '" + c.get(3) + "': Read-only")
                    : twoBtrfsVolumes(c));
    BtrfsSnapshotProvider provider = new BtrfsSnapshotProvider(runner);

    provider.beginPrepare(id, List.of(volA));
    try (var preparation = provider.prepare(id, List.of(volA));
        Snapshot snapshot = provider.take(id, List.of(volA))) {
      assertEquals(List.of(volA), snapshot.paths());
    }
    assertTrue(
        runner.commandLines().contains("btrfs filesystem sync " + volA),
        runner.commandLines().toString());
  }

  @Test
  void aBtrfsTakeOfOtherPathsThanPreparedFindsTheirSubvolumesAgain() throws IOException {
    FakeCommandRunner runner = twoBtrfsVolumes();
    BtrfsSnapshotProvider provider = new BtrfsSnapshotProvider(runner);

    try (var preparation = provider.prepare(id, List.of(volA));
        Snapshot snapshot = provider.take(id, List.of(volB))) {
      assertEquals(
          volB.resolve(".quiesce-snapshots").resolve(id.toString()).resolve("logs"),
          snapshot.pathOf(volB.resolve("logs")));
    }
  }

  @Test
  void zfsSnapshotsAllDatasetsInOneAtomicCommand() throws IOException {
    FakeCommandRunner runner =
        new FakeCommandRunner(
            ALL_TOOLS,
            c ->
                c.get(0).equals("findmnt")
                    ? findmnt(c, volA, volB, "zfs", "tank/a", "zfs", "tank/b")
                    : ok(c, ""));
    Snapshot snapshot =
        new ZfsSnapshotProvider(runner).take(id, List.of(volA, volB.resolve("logs")));
    String name = "quiesce-" + id;
    assertEquals(
        volA.resolve(".zfs/snapshot/" + name + "/db/x"), snapshot.pathOf(volA.resolve("db/x")));
    assertEquals(
        volB.resolve(".zfs/snapshot/" + name + "/logs"), snapshot.pathOf(volB.resolve("logs")));
    snapshot.close();
    assertEquals(
        List.of(
            "zfs snapshot tank/a@" + name + " tank/b@" + name,
            "zfs destroy tank/b@" + name,
            "zfs destroy tank/a@" + name),
        runner.commandLines().stream().filter(l -> l.startsWith("zfs")).toList());
  }

  @Test
  void zfsSaysWhenThePathIsNotOnADataset() {
    FakeCommandRunner runner =
        new FakeCommandRunner(
            ALL_TOOLS, c -> findmnt(c, volA, volB, "xfs", "/dev/sda1", "zfs", "tank/b"));
    IOException e =
        assertThrows(IOException.class, () -> new ZfsSnapshotProvider(runner).check(List.of(volA)));
    assertTrue(e.getMessage().contains("not a ZFS dataset: use the copy provider"), e.getMessage());
  }

  @Test
  void zfsSaysWhenTheToolIsMissing() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                new ZfsSnapshotProvider(new FakeCommandRunner(Set.of(), c -> ok(c, "")))
                    .check(List.of(volA)));
    assertTrue(e.getMessage().startsWith("zfs not found on PATH: install"), e.getMessage());
  }

  @Test
  void lvmSnapshotsMountsAndReleasesInReverse() throws IOException {
    Path mountRoot = tmp.resolve("mnt");
    FakeCommandRunner runner =
        new FakeCommandRunner(
            ALL_TOOLS,
            c ->
                switch (c.get(0)) {
                  case "findmnt" ->
                      findmnt(c, volA, volB, "xfs", "/dev/mapper/vg0-data", "ext4", "/dev/sdb1");
                  case "lvs" -> ok(c, "  vg0 data\n");
                  default -> ok(c, "");
                });
    LvmSnapshotProvider provider = new LvmSnapshotProvider(runner, mountRoot, "2G");
    Snapshot snapshot = provider.take(id, List.of(volA.resolve("db")));
    Path mountPoint = mountRoot.resolve(id.toString()).resolve("0");
    assertTrue(Files.isDirectory(mountPoint));
    assertEquals(mountPoint.resolve("db/x"), snapshot.pathOf(volA.resolve("db/x")));
    snapshot.close();
    String lv = "vg0/quiesce-" + id + "-0";
    assertEquals(
        List.of(
            "lvcreate --snapshot --name quiesce-" + id + "-0 --size 2G vg0/data",
            "mount -o ro,nouuid /dev/" + lv + " " + mountPoint,
            "umount " + mountPoint,
            "lvremove -f " + lv),
        runner.commandLines().stream()
            .filter(l -> !l.startsWith("findmnt") && !l.startsWith("lvs"))
            .toList());
    assertFalse(Files.exists(mountRoot.resolve(id.toString())), "mount points removed");
  }

  @Test
  void lvmRemovesTheSnapshotWhenMountingFails() {
    Path mountRoot = tmp.resolve("mnt");
    FakeCommandRunner runner =
        new FakeCommandRunner(
            ALL_TOOLS,
            c ->
                switch (c.get(0)) {
                  case "findmnt" ->
                      findmnt(c, volA, volB, "ext4", "/dev/mapper/vg0-data", "ext4", "/dev/sdb1");
                  case "lvs" -> ok(c, "  vg0 data\n");
                  case "mount" -> failed(c, "mount: wrong fs type, bad option, bad superblock");
                  default -> ok(c, "");
                });
    IOException e =
        assertThrows(
            IOException.class,
            () -> new LvmSnapshotProvider(runner, mountRoot, "20%ORIGIN").take(id, List.of(volA)));
    assertTrue(e.getMessage().contains("bad superblock"), e.getMessage());
    List<String> lines = runner.commandLines();
    assertTrue(
        lines.contains(
            "lvcreate --snapshot --name quiesce-" + id + "-0 --extents 20%ORIGIN vg0/data"),
        lines.toString());
    assertEquals("lvremove -f vg0/quiesce-" + id + "-0", lines.get(lines.size() - 1));
    assertFalse(Files.exists(mountRoot.resolve(id.toString())), "mount points removed");
  }

  @Test
  void lvmSaysWhenThePathIsNotOnALogicalVolume() {
    FakeCommandRunner runner =
        new FakeCommandRunner(
            ALL_TOOLS,
            c ->
                switch (c.get(0)) {
                  case "findmnt" ->
                      findmnt(c, volA, volB, "ext4", "/dev/sdb1", "ext4", "/dev/sdb1");
                  case "lvs" -> failed(c, "  Failed to find logical volume \"sdb1\"");
                  default -> ok(c, "");
                });
    IOException e =
        assertThrows(
            IOException.class,
            () -> new LvmSnapshotProvider(runner, tmp, "2G").check(List.of(volB)));
    assertTrue(e.getMessage().contains("which is not an LVM logical volume"), e.getMessage());
    assertTrue(
        e.getMessage().endsWith("use the copy provider, or keep the data on a logical volume"),
        e.getMessage());
  }

  @Test
  void lvmSaysWhenTheToolsAreMissing() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                new LvmSnapshotProvider(
                        new FakeCommandRunner(Set.of("findmnt"), c -> ok(c, "")), tmp, "2G")
                    .check(List.of(volA)));
    assertEquals(
        "lvcreate not found on PATH: install lvm2 or use the copy provider", e.getMessage());
  }

  @Test
  void findmntEscapesAreUndone() {
    assertEquals("/mnt/my disk/ü", Mount.unescape("/mnt/my\\x20disk/\\xc3\\xbc"));
  }
}
