package dev.quiesce.benchmarks.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a user would run by hand instead: {@code cp -r}, {@code sync} of the copies, {@code
 * sha256sum}.
 */
final class Tools {
  private Tools() {}

  /** Copies {@code data} to {@code to}, syncs every copy, and hashes every file of {@code data}. */
  static void copySyncAndHash(Path data, List<Path> files, Path to)
      throws IOException, InterruptedException {
    run(List.of("cp", "-r", data.toString(), to.toString()));
    List<String> sync = new ArrayList<>(List.of("sync"));
    files.forEach(f -> sync.add(to.resolve(f).toString()));
    run(sync);
    List<String> hash = new ArrayList<>(List.of("sha256sum"));
    files.forEach(f -> hash.add(data.resolve(f).toString()));
    run(hash);
  }

  /**
   * Writes back everything dirty on {@code dir}'s filesystem ({@code sync -f}), untimed, before a
   * timed step: a step that syncs (a file's {@code fsync} commits the journal, a {@code syncfs} the
   * whole filesystem) then pays for its own writes, not for what the step before it left.
   */
  static void settle(Path dir) throws IOException, InterruptedException {
    run(List.of("sync", "-f", dir.toString()));
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IOException(command.get(0) + " exited with " + exit);
    }
  }
}
