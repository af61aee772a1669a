package dev.quiesce.runtime.archive;

import com.google.common.io.MoreFiles;
import dev.quiesce.runtime.snapshot.CommandResult;
import dev.quiesce.runtime.snapshot.CommandRunner;
import dev.quiesce.runtime.snapshot.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clones a volume snapshot's files into an archive on the same filesystem instead of copying them
 * (see {@code Snapshot#clonable()}, a btrfs snapshot's files): GNU {@code cp --reflink=always}
 * makes each archive file share the snapshot's blocks, so the archive writes none of the data and
 * the backup reads it once, to hash it. The snapshot is read-only, so the clone holds exactly its
 * bytes, and it stays whole after the snapshot is deleted.
 *
 * <p>The files of one directory of the snapshot go to {@code cp} together, into a private staging
 * directory inside the archive (owner-only, so nobody else can open a clone before it is made
 * owner-only itself); each clone is then moved to its place in the archive. A {@code cp} that fails
 * (another filesystem, one that cannot clone, {@code cp} without {@code --reflink}) is no error:
 * its files and every later one are copied as before, since the reason will hold for them too.
 */
final class SnapshotClones {
  private static final Logger log = LoggerFactory.getLogger(SnapshotClones.class);
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final int MAX_BATCH_CHARS = 96 * 1024;

  private final CommandRunner runner;

  SnapshotClones() {
    this(new ProcessCommandRunner());
  }

  SnapshotClones(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * Clones what it can of {@code sources.get(i)} to {@code targets.get(i)} (targets inside {@code
   * archiveDir}, not yet existing), each made owner-only.
   *
   * @return for each index cloned into place, the permissions its source had (for the manifest)
   * @throws IOException if a clone made could not be put in place (the caller abandons the archive)
   */
  Map<Integer, String> cloneAll(Path archiveDir, List<Path> sources, List<Path> targets)
      throws IOException {
    Map<Integer, String> cloned = new HashMap<>();
    if (!runner.isInstalled("cp")) {
      return cloned;
    }
    Path staging = archiveDir.resolve(".clones-" + UUID.randomUUID());
    Files.createDirectory(
        staging,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      int group = 0;
      for (List<Integer> batch : batches(sources)) {
        Path into = Files.createDirectory(staging.resolve(Integer.toString(group++)));
        List<String> command =
            new ArrayList<>(
                List.of("cp", "--reflink=always", "-P", "--preserve=timestamps", "-t", into + ""));
        command.add("--");
        batch.forEach(i -> command.add(sources.get(i).toString()));
        CommandResult result = runner.run(command, TIMEOUT);
        if (!result.succeeded()) {
          log.debug(
              "cannot clone the snapshot's files into {} ({}); copying them instead",
              archiveDir,
              result.stderr().strip());
          break;
        }
        for (int i : batch) {
          Path clone = into.resolve(sources.get(i).getFileName().toString());
          String permissions = Permissions.of(sources.get(i));
          Permissions.set(clone, Permissions.OWNER_ONLY_FORM);
          Files.createDirectories(targets.get(i).getParent());
          Files.move(clone, targets.get(i), StandardCopyOption.ATOMIC_MOVE);
          cloned.put(i, permissions);
        }
      }
    } finally {
      MoreFiles.deleteRecursively(staging);
    }
    if (!cloned.isEmpty()) {
      log.info(
          "archive {}: {} files cloned from the snapshot (reflinks), not copied",
          archiveDir,
          cloned.size());
    }
    return cloned;
  }

  /** The indices of {@code sources} by directory, in batches that keep command lines short. */
  private static List<List<Integer>> batches(List<Path> sources) {
    Map<Path, List<Integer>> byDirectory = new LinkedHashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      byDirectory.computeIfAbsent(sources.get(i).getParent(), d -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> batches = new ArrayList<>();
    for (List<Integer> files : byDirectory.values()) {
      List<Integer> batch = new ArrayList<>();
      int chars = 0;
      for (int i : files) {
        int length = sources.get(i).toString().length() + 1;
        if (!batch.isEmpty() && chars + length > MAX_BATCH_CHARS) {
          batches.add(batch);
          batch = new ArrayList<>();
          chars = 0;
        }
        batch.add(i);
        chars += length;
      }
      batches.add(batch);
    }
    return batches;
  }
}
