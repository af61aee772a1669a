package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers {@code filefrag}, {@code filefrag -v} and the defragmenters from a script, records every
 * command line and runs nothing else: {@code filefrag} counts the extents from {@link #counts} (one
 * per call, the last repeated), {@code filefrag -v} prints a recorded output, and {@code xfs_fsr}
 * or {@code btrfs} answers {@link #defragmenter}, which may throw.
 */
final class ScriptedDefragRunner implements CommandRunner {
  /** What the defragmenter does when run. */
  interface Defragmenter {
    CommandResult run(List<String> command) throws IOException;
  }

  final Set<String> installed = new HashSet<>(Set.of("filefrag", "xfs_fsr", "btrfs"));
  private final List<String> lines = new ArrayList<>();
  private long[] counts = {70_548, 1};
  private int countCalls;
  private String verbose = "xfs-unshared";
  private Defragmenter defragmenter = command -> FakeCommandRunner.ok(command, "");
  private boolean countsFail;

  /** {@code filefrag} counts these, one per call, then the last again. */
  ScriptedDefragRunner counts(long... counts) {
    this.counts = counts.clone();
    return this;
  }

  /** {@code filefrag} (without {@code -v}) throws, as when it is killed at its timeout. */
  ScriptedDefragRunner countsFail() {
    this.countsFail = true;
    return this;
  }

  /** {@code filefrag -v} prints {@code filefrag/filefrag-v-<name>.txt}; null: it fails. */
  ScriptedDefragRunner verbose(String name) {
    this.verbose = name;
    return this;
  }

  ScriptedDefragRunner defragmenter(Defragmenter defragmenter) {
    this.defragmenter = defragmenter;
    return this;
  }

  @Override
  public synchronized CommandResult run(List<String> command, Duration timeout) throws IOException {
    lines.add(String.join(" ", command));
    String file = command.get(command.size() - 1);
    if (command.get(0).equals("filefrag") && command.contains("-v")) {
      return verbose == null
          ? FakeCommandRunner.failed(command, "filefrag: Operation not supported")
          : FakeCommandRunner.ok(command, recorded(verbose));
    }
    if (command.get(0).equals("filefrag")) {
      if (countsFail) {
        throw new IOException("`filefrag " + file + "` did not finish within PT30S and was killed");
      }
      long count = counts[Math.min(countCalls++, counts.length - 1)];
      return FakeCommandRunner.ok(command, file + ": " + count + " extents found\n");
    }
    if (command.get(0).equals("xfs_fsr") || command.get(0).equals("btrfs")) {
      return defragmenter.run(command);
    }
    throw new AssertionError("unexpected command: " + command);
  }

  @Override
  public boolean isInstalled(String program) {
    return installed.contains(program);
  }

  /** The commands run so far, each joined with spaces. */
  synchronized List<String> commandLines() {
    return List.copyOf(lines);
  }

  static String recorded(String name) {
    try (InputStream in =
        ScriptedDefragRunner.class.getResourceAsStream("filefrag/filefrag-v-" + name + ".txt")) {
      if (in == null) {
        throw new AssertionError("no recorded output " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
