package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

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

  /** Whether {@code program} is an executable file in a directory of {@code PATH}. */
  boolean isInstalled(String program);
}
