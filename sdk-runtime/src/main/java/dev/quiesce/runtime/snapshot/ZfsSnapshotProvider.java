package dev.quiesce.runtime.snapshot;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes ZFS snapshots of the datasets holding the snapshot set, all in one {@code zfs snapshot}
 * command, which ZFS makes atomic across datasets. The copy is read through each dataset's {@code
 * <mountpoint>/.zfs/snapshot/quiesce-<snapshotSetId>}; {@link Snapshot#close()} destroys the
 * snapshots.
 */
public final class ZfsSnapshotProvider implements SnapshotProvider {
  /** The provider's name in logs and manifests. */
  public static final String NAME = "zfs";

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Logger log = LoggerFactory.getLogger(ZfsSnapshotProvider.class);

  private final CommandRunner runner;

  /** A provider that runs the real {@code zfs}. */
  public ZfsSnapshotProvider() {
    this(new ProcessCommandRunner());
  }

  /** A provider that runs its commands through {@code runner}. */
  public ZfsSnapshotProvider(CommandRunner runner) {
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Checks that {@code zfs} is installed and each path is on a mounted ZFS dataset. */
  @Override
  public void check(List<Path> paths) throws IOException {
    datasets(paths);
  }

  @Override
  public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
    Map<Path, Mount> mountOfPath = datasets(paths);
    String snapshotName = "quiesce-" + id;
    Set<String> snapshots = new LinkedHashSet<>();
    mountOfPath.values().forEach(mount -> snapshots.add(mount.source() + "@" + snapshotName));
    List<String> command = new ArrayList<>(List.of("zfs", "snapshot"));
    command.addAll(snapshots);
    runner.run(command, TIMEOUT).requireSuccess("ZFS snapshot " + snapshots);
    Undo undo = new Undo();
    for (String snapshot : snapshots) {
      undo.push(
          () ->
              runner
                  .run(List.of("zfs", "destroy", snapshot), TIMEOUT)
                  .requireSuccess("destroying ZFS snapshot " + snapshot));
    }
    List<MappedSnapshot.Mapping> mappings = new ArrayList<>();
    mountOfPath.forEach(
        (path, mount) ->
            mappings.add(
                new MappedSnapshot.Mapping(
                    path,
                    mount
                        .target()
                        .resolve(".zfs/snapshot/" + snapshotName)
                        .resolve(mount.target().relativize(path).toString()))));
    log.info("snapshot set {}: ZFS snapshots {}", id, snapshots);
    return new MappedSnapshot(id, paths, mappings, undo::runAll);
  }

  private Map<Path, Mount> datasets(List<Path> paths) throws IOException {
    Tools.require(
        runner, "zfs", "install the ZFS utilities (zfsutils-linux) or use the copy provider");
    Tools.requireExisting(paths);
    Map<Path, Mount> mounts = new LinkedHashMap<>();
    for (Path path : paths) {
      Mount mount = Mount.of(runner, path);
      if (!mount.fsType().equals("zfs")) {
        throw new IOException(
            path
                + " is on a "
                + mount.fsType()
                + " filesystem (mounted at "
                + mount.target()
                + "), not a ZFS dataset: use the copy provider, or keep the data on a dataset");
      }
      mounts.put(path, mount);
    }
    return mounts;
  }
}
