package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * What an external command did: its exit code and its output.
 *
 * @param command the command line that ran
 * @param exitCode its exit code
 * @param stdout its standard output
 * @param stderr its standard error, kept for error messages
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
  /** Checks the fields and copies the command line. */
  public CommandResult {
    command = List.copyOf(command);
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  /** Whether the command exited with 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /**
   * Returns this result if the command succeeded.
   *
   * @param what what the command was for, for the message ("snapshot of /data")
   * @throws IOException naming {@code what}, the command line, the exit code and the command's
   *     standard error
   */
  public CommandResult requireSuccess(String what) throws IOException {
    if (succeeded()) {
      return this;
    }
    String detail = stderr.isBlank() ? stdout.strip() : stderr.strip();
    throw new IOException(
        what
            + " failed: `"
            + String.join(" ", command)
            + "` exited with "
            + exitCode
            + (detail.isEmpty() ? " and printed nothing" : ": " + detail));
  }
}
