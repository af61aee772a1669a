package dev.quiesce.runtime.snapshot;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotPreparation;
import dev.quiesce.api.spi.SnapshotProvider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes read-only btrfs snapshots ({@code btrfs subvolume snapshot -r}) of the subvolumes holding
 * the snapshot set: constant time whatever the size, and atomic per subvolume.
 *
 * <p>Each path's subvolume is the nearest directory at or above it with inode 256 (btrfs's
 * subvolume root). The snapshot goes to {@code <subvolume>/.quiesce-snapshots/<snapshotSetId>}, on
 * the same filesystem as btrfs requires; it is deleted on {@link Snapshot#close()}. Subvolumes
 * nested inside a path are not in its snapshot (btrfs snapshots stop at subvolume boundaries): list
 * them as paths of their own.
 *
 * <p>Before the freeze: {@link #beginPrepare}, before the writers flush, commits each subvolume's
 * filesystem ({@code btrfs filesystem sync}). A snapshot commits a btrfs transaction, which writes
 * every change since the last commit (btrfs commits every 30 s by default, and a writer's {@code
 * fsync} goes to its log tree, not to a commit); committed before the writers flush, the snapshot
 * inside the freeze writes little more than their flush. A commit that fails is logged and the take
 * does the whole commit, as it would without it. {@link #prepare}, after the writers flush, finds
 * the subvolumes, so that {@code take} runs no {@code findmnt}.
 */
public final class BtrfsSnapshotProvider implements SnapshotProvider {
  /** The provider's name in logs and manifests. */
  public static final String NAME = "btrfs";

  /** The directory, inside each subvolume, that holds Quiesce's snapshots of it. */
  public static final String SNAPSHOT_DIR = ".quiesce-snapshots";

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final long SUBVOLUME_ROOT_INODE = 256;
  private static final Logger log = LoggerFactory.getLogger(BtrfsSnapshotProvider.class);

  private final CommandRunner runner;

  /** The subvolume of each path, found by {@link #prepare}, by snapshot set until its take. */
  private final ConcurrentMap<SnapshotSetId, Prepared> prepared = new ConcurrentHashMap<>();

  private record Prepared(List<Path> paths, Map<Path, Path> subvolumeOfPath) {}

  /** A provider that runs the real {@code btrfs}. */
  public BtrfsSnapshotProvider() {
    this(new ProcessCommandRunner());
  }

  /** A provider that runs its commands through {@code runner}. */
  public BtrfsSnapshotProvider(CommandRunner runner) {
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Checks that {@code btrfs} is installed and each path is on a btrfs filesystem. */
  @Override
  public void check(List<Path> paths) throws IOException {
    subvolumes(paths);
  }

  /** Commits the filesystem of each subvolume, before the writers flush (see the class). */
  @Override
  public void beginPrepare(SnapshotSetId id, List<Path> paths) throws IOException {
    for (Path subvolume : new LinkedHashSet<>(subvolumes(paths).values())) {
      commit(id, subvolume);
    }
  }

  /** Finds the subvolumes for {@link #take}, outside the freeze. */
  @Override
  public SnapshotPreparation prepare(SnapshotSetId id, List<Path> paths) throws IOException {
    prepared.put(id, new Prepared(List.copyOf(paths), subvolumes(paths)));
    return () -> prepared.remove(id);
  }

  private void commit(SnapshotSetId id, Path subvolume) throws InterruptedIOException {
    try {
      runner
          .run(List.of("btrfs", "filesystem", "sync", subvolume.toString()), TIMEOUT)
          .requireSuccess("committing the filesystem of " + subvolume);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      log.warn(
          "snapshot set {}: {}; the snapshot commits everything inside the freeze instead",
          id,
          e.getMessage());
    }
  }

  @Override
  public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
    Prepared early = prepared.remove(id);
    Map<Path, Path> subvolumeOfPath;
    if (early != null && early.paths().equals(paths)) {
      Tools.requireExisting(paths); // a stat each: the subvolumes found before the freeze stand
      subvolumeOfPath = early.subvolumeOfPath();
    } else {
      subvolumeOfPath = subvolumes(paths);
    }
    Map<Path, Path> snapshotOfSubvolume = new LinkedHashMap<>();
    Undo undo = new Undo();
    try {
      for (Path subvolume : subvolumeOfPath.values()) {
        if (snapshotOfSubvolume.containsKey(subvolume)) {
          continue;
        }
        Path dir = subvolume.resolve(SNAPSHOT_DIR);
        Files.createDirectories(dir);
        Path snapshot = dir.resolve(id.toString());
        runner
            .run(
                List.of(
                    "btrfs",
                    "subvolume",
                    "snapshot",
                    "-r",
                    subvolume.toString(),
                    snapshot.toString()),
                TIMEOUT)
            .requireSuccess("btrfs snapshot of subvolume " + subvolume);
        undo.push(() -> delete(snapshot));
        snapshotOfSubvolume.put(subvolume, snapshot);
      }
    } catch (IOException | RuntimeException e) {
      undo.runAllAfter(e);
      throw e;
    }
    List<MappedSnapshot.Mapping> mappings = new ArrayList<>();
    subvolumeOfPath.forEach(
        (path, subvolume) ->
            mappings.add(
                new MappedSnapshot.Mapping(
                    path,
                    snapshotOfSubvolume
                        .get(subvolume)
                        .resolve(subvolume.relativize(path).toString()))));
    log.info("snapshot set {}: btrfs snapshots {}", id, snapshotOfSubvolume.values());
    // Read-only btrfs snapshots: their files clone into any directory of the same filesystem.
    return new MappedSnapshot(id, paths, mappings, undo::runAll, true);
  }

  private void delete(Path snapshot) throws IOException {
    runner
        .run(List.of("btrfs", "subvolume", "delete", snapshot.toString()), TIMEOUT)
        .requireSuccess("deleting btrfs snapshot " + snapshot);
  }

  /** The subvolume of each path, in the order of {@code paths}. */
  private Map<Path, Path> subvolumes(List<Path> paths) throws IOException {
    Tools.require(runner, "btrfs", "install btrfs-progs or use the copy provider");
    Tools.requireExisting(paths);
    Map<Path, Path> subvolumes = new LinkedHashMap<>();
    for (Path path : paths) {
      Mount mount = Mount.of(runner, path);
      if (!mount.fsType().equals("btrfs")) {
        throw new IOException(
            path
                + " is on a "
                + mount.fsType()
                + " filesystem (mounted at "
                + mount.target()
                + "), not btrfs: use the copy provider, or keep the data in a btrfs subvolume");
      }
      subvolumes.put(path, subvolumeOf(path, mount.target()));
    }
    return subvolumes;
  }

  /** The nearest directory at or above {@code path} that is a subvolume root, else the mount. */
  private static Path subvolumeOf(Path path, Path mountPoint) throws IOException {
    for (Path dir = path; dir != null && dir.startsWith(mountPoint); dir = dir.getParent()) {
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
          && Long.valueOf(SUBVOLUME_ROOT_INODE)
              .equals(Files.getAttribute(dir, "unix:ino", LinkOption.NOFOLLOW_LINKS))) {
        return dir;
      }
    }
    return mountPoint;
  }
}
