package dev.quiesce.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code quiesce}: the command-line requestor. It backs up and restores the writers of an
 * application that serves its coordinator with a {@code QuiesceDaemon}, through the daemon's Unix
 * socket; this process writes and reads the archive. {@code verify} and {@code describe} need no
 * daemon.
 */
@Command(
    name = "quiesce",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Application-consistent backups of the writers of running applications.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      WritersCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      VerifyCommand.class,
      DescribeCommand.class,
      AutoComplete.GenerateCompletion.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:done",
      "1:the backup, restore or verification failed (the message says why)",
      "2:the command line is wrong"
    },
    footer = {
      "",
      "Run 'quiesce COMMAND --help' for a command's options.",
      "Shell completion: source <(quiesce generate-completion)"
    })
final class QuiesceCommand implements Runnable {
  /** Exit status: done. */
  static final int OK = 0;

  /** Exit status: the operation failed. */
  static final int FAILED = 1;

  /** Exit status: the command line is wrong. */
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code quiesce} alone: says what to do, as a usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "no command given");
  }

  /**
   * The command line, printing results to {@code out} and errors to {@code err}: what {@link Main}
   * runs, and what tests run with captured streams.
   */
  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine line = new CommandLine(new QuiesceCommand());
    line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    line.setExecutionExceptionHandler(new FailureHandler());
    line.setParameterExceptionHandler(new UsageErrorHandler());
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.getSubcommands()
        .get("generate-completion")
        .getCommandSpec()
        .usageMessage()
        .hidden(false)
        .description("Prints a bash/zsh completion script for quiesce.");
    return line;
  }
}
