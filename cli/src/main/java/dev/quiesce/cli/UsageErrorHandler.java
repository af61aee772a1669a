package dev.quiesce.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * A wrong command line: one line that says what is wrong, then where the usage is, rather than the
 * whole usage text burying the message.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    PrintWriter err = line.getErr();
    err.println("quiesce: " + Text.safe(e.getMessage()));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    String name = line.getCommandSpec().qualifiedName();
    err.println("Run '" + name + " --help' for usage.");
    return QuiesceCommand.USAGE;
  }
}
