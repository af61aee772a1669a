package dev.quiesce.cli;

import dev.quiesce.runtime.daemon.RemoteCoordinator;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --socket PATH}: the daemon of the application whose writers a command drives. */
final class DaemonOption {
  /** The name this command line gives itself in the daemon's log and the writers' events. */
  static final String REQUESTOR_NAME = "quiesce-cli";

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      description = "the Unix socket the application's QuiesceDaemon serves")
  Path socket;

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec mixee;

  /** Connects to the daemon; the caller closes the connection. */
  RemoteCoordinator connect() throws IOException {
    if (socket == null) {
      throw new CommandLine.ParameterException(mixee.commandLine(), "--socket PATH is required");
    }
    return RemoteCoordinator.connect(socket, REQUESTOR_NAME);
  }
}
