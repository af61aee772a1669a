package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies with GNU {@code cp --reflink=auto}: on a filesystem that can clone (btrfs, XFS with
 * reflink, bcachefs, ZFS 2.2+) each file is cloned in constant time, sharing blocks with the
 * original until either is written; elsewhere {@code cp} copies the bytes. Files are passed in
 * batches to {@code cp --parents -t <shadow>}, which re-roots each absolute path under the shadow
 * directory, so a tree of many small files costs a few processes, not one per file.
 *
 * <p>{@code -P} never follows a link (the planner hands only regular files anyway), {@code
 * --preserve=mode,timestamps} keeps permissions and last-modified times.
 *
 * <p>A file that vanished since it was listed makes {@code cp} print "cannot stat" and exit 1 after
 * copying the rest of its batch. A failed batch is therefore looked into: the files of it that are
 * no longer regular files are returned as vanished (see {@link FileCopier}) and the others copied
 * again in one {@code cp}, until a run succeeds or fails with every file still there, which is a
 * real error. So a vanished file costs one more {@code cp} of its batch, never one {@code cp} per
 * file, and {@code cp}'s message is never mistaken for a vanished file (exit codes are all cp has).
 */
final class CpFileCopier implements FileCopier {
  /** Keeps each command line well under Linux's 128 KiB per-argument and 2 MiB total limits. */
  private static final int MAX_BATCH_CHARS = 96 * 1024;

  private static final int MAX_BATCH_FILES = 2_000;

  private final CommandRunner runner;
  private final Duration timeout;

  CpFileCopier(CommandRunner runner, Duration timeout) {
    this.runner = runner;
    this.timeout = timeout;
  }

  /** Whether {@code cp} on this machine is GNU's (the only one with {@code --reflink}). */
  static boolean isAvailable(CommandRunner runner) {
    if (!runner.isInstalled("cp")) {
      return false;
    }
    try {
      CommandResult version = runner.run(List.of("cp", "--version"), Duration.ofSeconds(10));
      return version.succeeded() && version.stdout().contains("GNU coreutils");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public List<Path> copy(List<Path> files, Path shadow) throws IOException {
    List<Path> vanished = new ArrayList<>();
    List<Path> batch = new ArrayList<>();
    int chars = 0;
    for (Path file : files) {
      int length = file.toString().length();
      if (!batch.isEmpty()
          && (batch.size() >= MAX_BATCH_FILES || chars + length > MAX_BATCH_CHARS)) {
        vanished.addAll(copyBatch(batch, shadow));
        batch.clear();
        chars = 0;
      }
      batch.add(file);
      chars += length + 1;
    }
    if (!batch.isEmpty()) {
      vanished.addAll(copyBatch(batch, shadow));
    }
    return vanished;
  }

  /** Copies one batch, leaving out (and returning) the files that vanished meanwhile. */
  private List<Path> copyBatch(List<Path> batch, Path shadow) throws IOException {
    List<Path> vanished = new ArrayList<>();
    List<Path> remaining = batch;
    while (!remaining.isEmpty()) {
      CommandResult result = runner.run(command(remaining, shadow), timeout);
      if (result.succeeded()) {
        return vanished;
      }
      List<Path> present = new ArrayList<>(remaining.size());
      List<Path> gone = new ArrayList<>();
      for (Path file : remaining) {
        (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? present : gone).add(file);
      }
      if (gone.isEmpty()) {
        throw new IOException(
            "copying "
                + remaining.size()
                + " files into "
                + shadow
                + " failed: cp exited with "
                + result.exitCode()
                + ": "
                + result.stderr().strip());
      }
      for (Path file : gone) {
        // cp may have copied it before it went, or copied what replaced it (a link, a directory).
        deleteCopy(FileCopier.shadowOf(shadow, file));
      }
      vanished.addAll(gone);
      remaining = present;
    }
    return vanished;
  }

  private static void deleteCopy(Path copy) throws IOException {
    if (Files.isDirectory(copy, LinkOption.NOFOLLOW_LINKS)) {
      Trees.deleteTree(copy);
    } else {
      Files.deleteIfExists(copy);
    }
  }

  private static List<String> command(List<Path> files, Path shadow) {
    List<String> command = new ArrayList<>(files.size() + 8);
    command.addAll(
        List.of(
            "cp",
            "--reflink=auto",
            "--parents",
            "-P",
            "--preserve=mode,timestamps",
            "-t",
            shadow.toString(),
            "--"));
    for (Path file : files) {
      command.add(file.toString());
    }
    return command;
  }

  @Override
  public String describe() {
    return "cp --reflink=auto";
  }
}
