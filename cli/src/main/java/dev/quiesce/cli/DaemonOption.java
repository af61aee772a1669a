package dev.quiesce.cli;

import dev.quiesce.runtime.daemon.RemoteCoordinator;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --socket PATH}: the daemon of the application whose writers a command drives. */
final class DaemonOption {
  /** The name this command line gives itself in the daemon's log and the writers' events. */
  static final String REQUESTOR_NAME = "quiesce-cli";

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      required = true,
      description = "the Unix socket the application's QuiesceDaemon serves")
  Path socket;

  /** Connects to the daemon; the caller closes the connection. */
  RemoteCoordinator connect() throws IOException {
    return RemoteCoordinator.connect(socket, REQUESTOR_NAME);
  }
}
