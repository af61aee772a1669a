package dev.quiesce.runtime.snapshot;

import java.io.IOException;
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
  public void copy(List<Path> files, Path shadow) throws IOException {
    List<String> batch = new ArrayList<>();
    int chars = 0;
    for (Path file : files) {
      String name = file.toString();
      if (!batch.isEmpty()
          && (batch.size() >= MAX_BATCH_FILES || chars + name.length() > MAX_BATCH_CHARS)) {
        copyBatch(batch, shadow);
        batch.clear();
        chars = 0;
      }
      batch.add(name);
      chars += name.length() + 1;
    }
    if (!batch.isEmpty()) {
      copyBatch(batch, shadow);
    }
  }

  private void copyBatch(List<String> batch, Path shadow) throws IOException {
    List<String> command = new ArrayList<>(batch.size() + 8);
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
    command.addAll(batch);
    CommandResult result = runner.run(command, timeout);
    if (!result.succeeded()) {
      throw new IOException(
          "copying "
              + batch.size()
              + " files into "
              + shadow
              + " failed: cp exited with "
              + result.exitCode()
              + ": "
              + result.stderr().strip());
    }
  }

  @Override
  public String describe() {
    return "cp --reflink=auto";
  }
}
