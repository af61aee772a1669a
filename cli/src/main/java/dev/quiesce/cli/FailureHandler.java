package dev.quiesce.cli;

import dev.quiesce.cluster.ClusterException;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.archive.InvalidArchiveException;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * A command that failed: one line on standard error that names the command and says why, and exit
 * status 1. A bug, here or in the daemon, is said in one line too, with its type, rather than as a
 * stack trace; running out of memory says how to give the command more.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine line, CommandLine.ParseResult parsed) {
    PrintWriter err = line.getErr();
    String command = line.getCommandName();
    if (e instanceof IllegalArgumentException) {
      // A value the parser accepted but the command could not use: still the command line's fault.
      err.println("quiesce " + command + ": " + Text.safe(e.getMessage()));
      err.println("Run '" + line.getCommandSpec().qualifiedName() + " --help' for usage.");
      return QuiesceCommand.USAGE;
    }
    if (e instanceof InvalidArchiveException) {
      err.println("quiesce " + command + ": " + Text.safe(e.getMessage()));
    } else if (e instanceof IOException
        || e instanceof QuiesceException
        || e instanceof ClusterException
        || e instanceof IllegalStateException) {
      err.println("quiesce " + command + " failed: " + Text.safe(e.getMessage()));
    } else {
      err.println("quiesce " + command + " failed unexpectedly: " + Text.safe(e.toString()));
    }
    return QuiesceCommand.FAILED;
  }
}
