package dev.quiesce.cli;

import dev.quiesce.runtime.daemon.RemoteCoordinator;
import dev.quiesce.set.SetManifest;
import dev.quiesce.set.SetMember;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The daemons of a set backup, from {@code --socket [NAME=]PATH} given more than once: each named
 * by NAME, or by its socket's file name without the extension ({@code /run/orders.sock} is {@code
 * orders}). The names become the parts' directories, so they must be unique and safe.
 */
final class SetSockets implements AutoCloseable {
  private final List<RemoteCoordinator> connections = new ArrayList<>();
  private final List<SetMember> members = new ArrayList<>();

  /** One {@code --socket} value: a member's name and its daemon's socket. */
  record Named(String name, Path socket) {
    static Named parse(String value) {
      int eq = value.indexOf('=');
      if (eq > 0 && SetManifest.MEMBER_NAME.matcher(value.substring(0, eq)).matches()) {
        return new Named(value.substring(0, eq), Path.of(value.substring(eq + 1)));
      }
      Path socket = Path.of(value);
      String file = socket.getFileName() == null ? value : socket.getFileName().toString();
      int dot = file.lastIndexOf('.');
      return new Named(dot > 0 ? file.substring(0, dot) : file, socket);
    }
  }

  /**
   * Checks the names, then connects to every daemon.
   *
   * @throws IllegalArgumentException if a name is not allowed or given twice (a usage error)
   * @throws IOException if a daemon cannot be reached; the connections made are closed
   */
  static SetSockets connect(List<String> values, String requestor) throws IOException {
    List<Named> named = values.stream().map(Named::parse).toList();
    HashSet<String> seen = new HashSet<>();
    for (Named n : named) {
      if (!SetManifest.MEMBER_NAME.matcher(n.name()).matches()) {
        throw new IllegalArgumentException(
            "member name '"
                + n.name()
                + "' (from --socket "
                + n.socket()
                + ") is not allowed: name it with --socket NAME=PATH (letters, digits, '.', '-',"
                + " '_')");
      }
      if (!seen.add(n.name())) {
        throw new IllegalArgumentException(
            "two sockets give the member name '"
                + n.name()
                + "': name them with --socket NAME=PATH");
      }
    }
    SetSockets sockets = new SetSockets();
    try {
      for (Named n : named) {
        RemoteCoordinator c = RemoteCoordinator.connect(n.socket(), requestor);
        sockets.connections.add(c);
        sockets.members.add(SetMember.local(n.name(), c, c.disconnected()));
      }
    } catch (IOException | RuntimeException e) {
      sockets.close();
      throw e;
    }
    return sockets;
  }

  List<SetMember> members() {
    return members;
  }

  @Override
  public void close() {
    connections.forEach(RemoteCoordinator::close);
  }
}
