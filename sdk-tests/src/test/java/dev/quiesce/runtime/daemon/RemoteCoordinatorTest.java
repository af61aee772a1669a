package dev.quiesce.runtime.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.Response;
import dev.quiesce.runtime.daemon.Wire.Welcome;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The requestor's end when the daemon misbehaves: a daemon that hangs after hello. */
class RemoteCoordinatorTest {
  @TempDir Path dir;

  @Test
  void aDaemonThatFallsSilentFailsTheWaitingCallInsteadOfHangingIt() throws Exception {
    Path socket = dir.resolve("hung.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      CompletableFuture<SocketChannel> hung =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  SocketChannel c = server.accept();
                  Request hello = Wire.read(Frames.read(c, 1 << 20), Request.class);
                  Welcome welcome = new Welcome(Wire.PROTOCOL, 20, "daemon", "requestor");
                  Frames.write(
                      c,
                      Wire.write(new Response(hello.id(), Wire.MAPPER.valueToTree(welcome), null)));
                  return c; // and never reads or answers again
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      try (RemoteCoordinator remote = RemoteCoordinator.connect(socket, "patient")) {
        IllegalStateException e = assertThrows(IllegalStateException.class, remote::writers);
        assertTrue(e.getMessage().contains("was silent for"), e.getMessage());
        assertFalse(remote.isConnected());
      } finally {
        hung.get(10, TimeUnit.SECONDS).close();
      }
    }
  }
}
