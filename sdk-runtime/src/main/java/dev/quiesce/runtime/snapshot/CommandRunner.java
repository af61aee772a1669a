package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs external commands for the snapshot providers. An interface so that tests can check the
 * command lines a provider builds, and its error handling, without the volume tools being there.
 *
 * @see ProcessCommandRunner the real one
 */
public interface CommandRunner {
  /**
   * Runs {@code command} (no shell: each element is one argument) and waits for it.
   *
   * @param command the program and its arguments
   * @param timeout how long to wait before killing it
   * @return the exit code and output, whatever the exit code
   * @throws IOException if the command cannot be started, or did not finish within {@code timeout}
   *     (it is then killed)
   */
  CommandResult run(List<String> command, Duration timeout) throws IOException;

  /**
   * Runs {@code command} as {@link #run(List, Duration)} does and hands every line of its standard
   * output to {@code lines}, however long the output (the result's {@code stdout} may be cut to a
   * size fit for messages). For outputs read to the end, such as {@code filefrag -v} of a file of
   * 70,000 extents. The default passes on the lines of {@link #run(List, Duration)}'s output.
   *
   * @param command the program and its arguments
   * @param timeout how long to wait before killing it
   * @param lines told each line of standard output, without its line terminator, once the command
   *     has exited
   * @return the exit code and output, whatever the exit code
   * @throws IOException as {@link #run(List, Duration)}
   */
  default CommandResult run(List<String> command, Duration timeout, Consumer<String> lines)
      throws IOException {
    CommandResult result = run(command, timeout);
    result.stdout().lines().forEach(lines);
    return result;
  }

  /** Whether {@code program} is an executable file in a directory of {@code PATH}. */
  boolean isInstalled(String program);
}
