package dev.quiesce.runtime.snapshot;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes LVM snapshots ({@code lvcreate --snapshot}) of the logical volumes holding the snapshot
 * set, and mounts each read-only under a mount root, where the backup reads it.
 *
 * <p>The snapshot of {@code vg/lv} is {@code vg/quiesce-<snapshotSetId>-<n>}, with copy-on-write
 * space given by {@code snapshotSize} (an {@code lvcreate --size} such as {@code 2G}, or an extent
 * count such as {@code 20%ORIGIN}); it is mounted at {@code <mountRoot>/<snapshotSetId>/<n>} (with
 * {@code nouuid} for XFS). {@link Snapshot#close()} unmounts and removes it. Needs root.
 */
public final class LvmSnapshotProvider implements SnapshotProvider {
  /** The provider's name in logs and manifests. */
  public static final String NAME = "lvm";

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final String ADVICE = "install lvm2 or use the copy provider";
  private static final Logger log = LoggerFactory.getLogger(LvmSnapshotProvider.class);

  private final CommandRunner runner;
  private final Path mountRoot;
  private final String snapshotSize;

  /**
   * A provider that runs the real LVM tools, mounts under {@code /run/quiesce/lvm} and gives each
   * snapshot 20% of its origin's size for changes.
   */
  public LvmSnapshotProvider() {
    this(new ProcessCommandRunner(), Path.of("/run/quiesce/lvm"), "20%ORIGIN");
  }

  /**
   * A provider with its options.
   *
   * @param runner runs the commands
   * @param mountRoot where snapshots are mounted
   * @param snapshotSize the copy-on-write space: a size ({@code 2G}) or {@code <n>%ORIGIN}
   */
  public LvmSnapshotProvider(CommandRunner runner, Path mountRoot, String snapshotSize) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.mountRoot = mountRoot.toAbsolutePath().normalize();
    this.snapshotSize = Objects.requireNonNull(snapshotSize, "snapshotSize");
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Checks that the LVM tools are installed and each path is on a logical volume. */
  @Override
  public void check(List<Path> paths) throws IOException {
    volumes(paths);
  }

  @Override
  public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
    Map<Path, Volume> volumeOfPath = volumes(paths);
    Map<Volume, Path> mountOfVolume = new LinkedHashMap<>();
    Path setRoot = mountRoot.resolve(id.toString());
    Undo undo = new Undo();
    try {
      Files.createDirectories(setRoot);
      undo.push(() -> Files.deleteIfExists(setRoot));
      for (Volume volume : volumeOfPath.values()) {
        if (!mountOfVolume.containsKey(volume)) {
          mountOfVolume.put(volume, snapshot(id, volume, mountOfVolume.size(), setRoot, undo));
        }
      }
    } catch (IOException | RuntimeException e) {
      undo.runAllAfter(e);
      throw e;
    }
    List<MappedSnapshot.Mapping> mappings = new ArrayList<>();
    volumeOfPath.forEach(
        (path, volume) ->
            mappings.add(
                new MappedSnapshot.Mapping(
                    path,
                    mountOfVolume
                        .get(volume)
                        .resolve(volume.mount().target().relativize(path).toString()))));
    log.info("snapshot set {}: LVM snapshots mounted at {}", id, mountOfVolume.values());
    return new MappedSnapshot(id, paths, mappings, undo::runAll);
  }

  private Path snapshot(SnapshotSetId id, Volume volume, int index, Path setRoot, Undo undo)
      throws IOException {
    String name = "quiesce-" + id + "-" + index;
    String snapshotLv = volume.group() + "/" + name;
    List<String> create = new ArrayList<>(List.of("lvcreate", "--snapshot", "--name", name));
    if (snapshotSize.endsWith("%ORIGIN")) {
      create.addAll(List.of("--extents", snapshotSize));
    } else {
      create.addAll(List.of("--size", snapshotSize));
    }
    create.add(volume.group() + "/" + volume.volume());
    runner.run(create, TIMEOUT).requireSuccess("LVM snapshot of " + volume.describe());
    undo.push(
        () ->
            runner
                .run(List.of("lvremove", "-f", snapshotLv), TIMEOUT)
                .requireSuccess("removing LVM snapshot " + snapshotLv));
    Path mountPoint = setRoot.resolve(Integer.toString(index));
    Files.createDirectories(mountPoint);
    undo.push(() -> Files.deleteIfExists(mountPoint));
    String options = volume.mount().fsType().equals("xfs") ? "ro,nouuid" : "ro";
    runner
        .run(List.of("mount", "-o", options, "/dev/" + snapshotLv, mountPoint.toString()), TIMEOUT)
        .requireSuccess("mounting LVM snapshot " + snapshotLv);
    undo.push(
        () ->
            runner
                .run(List.of("umount", mountPoint.toString()), TIMEOUT)
                .requireSuccess("unmounting LVM snapshot " + snapshotLv));
    return mountPoint;
  }

  private Map<Path, Volume> volumes(List<Path> paths) throws IOException {
    for (String tool : List.of("lvcreate", "lvs", "lvremove")) {
      Tools.require(runner, tool, ADVICE);
    }
    Tools.require(runner, "mount", "install util-linux");
    Tools.require(runner, "umount", "install util-linux");
    Tools.requireExisting(paths);
    requireMountRoot();
    Map<Path, Volume> volumes = new LinkedHashMap<>();
    for (Path path : paths) {
      Mount mount = Mount.of(runner, path);
      CommandResult lvs =
          runner.run(
              List.of("lvs", "--noheadings", "-o", "vg_name,lv_name", mount.source()), TIMEOUT);
      String[] names = lvs.stdout().strip().split("\\s+");
      if (!lvs.succeeded() || names.length != 2) {
        throw new IOException(
            path
                + " is on "
                + mount.source()
                + " ("
                + mount.fsType()
                + ", mounted at "
                + mount.target()
                + "), which is not an LVM logical volume"
                + (lvs.stderr().isBlank() ? "" : " (lvs: " + lvs.stderr().strip() + ")")
                + ": use the copy provider, or keep the data on a logical volume");
      }
      volumes.put(path, new Volume(names[0], names[1], mount));
    }
    return volumes;
  }

  private void requireMountRoot() throws IOException {
    try {
      Files.createDirectories(mountRoot);
    } catch (IOException e) {
      throw new IOException(
          "cannot create the mount root "
              + mountRoot
              + " ("
              + e
              + "): run as root or choose another",
          e);
    }
    if (!Files.isWritable(mountRoot)) {
      throw new IOException(
          "the mount root " + mountRoot + " is not writable: run as root or choose another");
    }
  }

  /** A logical volume and where it is mounted. */
  private record Volume(String group, String volume, Mount mount) {
    String describe() {
      return group + "/" + volume + " (mounted at " + mount.target() + ")";
    }
  }
}
