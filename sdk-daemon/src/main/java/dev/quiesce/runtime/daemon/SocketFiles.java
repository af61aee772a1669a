package dev.quiesce.runtime.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Binding the daemon's socket file safely: a clear error for a path the kernel cannot take, a live
 * daemon already there, or a file that is not a socket; a stale socket left by a dead daemon is
 * replaced.
 */
final class SocketFiles {
  private SocketFiles() {}

  static ServerSocketChannel bind(Path socket) throws IOException {
    Path path = socket.toAbsolutePath().normalize();
    int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > DaemonOptions.MAX_SOCKET_PATH_BYTES) {
      throw new IllegalArgumentException(
          "socket path "
              + path
              + " is "
              + bytes
              + " bytes; Unix domain socket paths are at most "
              + DaemonOptions.MAX_SOCKET_PATH_BYTES
              + " bytes: choose a shorter one, e.g. under /run");
    }
    Path parent = path.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(
          "socket path " + path + ": directory " + parent + " does not exist; create it first");
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      removeStale(path);
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static void removeStale(Path path) throws IOException {
    if (!"s".equals(fileType(path))) {
      throw new IllegalArgumentException(
          "socket path " + path + " exists and is not a socket; refusing to replace it");
    }
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      throw new IllegalStateException(
          "a daemon is already listening at " + path + "; stop it or choose another path");
    } catch (IOException refused) {
      // nobody listens: a socket file left by a daemon that died
      Files.delete(path);
    }
  }

  /** {@code "s"} for a socket, as {@code ls -l}'s first letter; read without following links. */
  private static String fileType(Path path) throws IOException {
    Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    int type = ((Integer) mode) & 0170000;
    return type == 0140000 ? "s" : "other";
  }
}
