package dev.quiesce.benchmarks.crash;

import dev.quiesce.runtime.daemon.QuiesceDaemon;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The floor under crash-to-shutdown: how long the kernel and the JVM take, with no Quiesce code on
 * the path, from SIGKILL of a connected child JVM to a thread blocked in {@code read()} on the
 * other end of a plain Unix socket seeing end of stream. The daemon's reader thread waits exactly
 * so; its own EOF moment is not observable from outside it, so this is measured beside it, in the
 * same run and in the same way.
 *
 * <p>The kernel frees a killed process's memory before it closes its files, so the floor grows with
 * the child's size (about 5 ms more per 100 MiB touched, on the machine of BENCHMARKS.md). Its
 * children therefore run a backup through the daemon first, and disconnect from it, to be as large
 * as a requestor child; the daemon is idle when they are killed.
 */
final class EofFloor {
  private static final Duration READY = Duration.ofSeconds(60);

  /**
   * A child's accepted connection, with a thread reading it: once the child's one byte has been
   * read, the thread is back in {@code read()} within microseconds, blocked as the daemon's reader
   * thread is when a requestor dies.
   */
  private static final class Peer {
    final ChildJvm child;
    final SocketChannel channel;
    final CompletableFuture<Void> heard = new CompletableFuture<>();
    final CompletableFuture<Long> eofAt = new CompletableFuture<>();

    Peer(ChildJvm child, SocketChannel channel) {
      this.child = child;
      this.channel = channel;
      Thread reader = new Thread(this::read, "crash-floor-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      ByteBuffer buffer = ByteBuffer.allocate(64);
      try {
        while (channel.read(buffer.clear()) >= 0) {
          heard.complete(null);
        }
        eofAt.complete(System.nanoTime());
      } catch (IOException e) {
        eofAt.completeExceptionally(e);
      } finally {
        heard.complete(null);
      }
    }
  }

  private final Path dir;
  private final QuiesceDaemon daemon;

  /** SIGKILL to EOF, per counted kill, in milliseconds. */
  final double[] eofMillis;

  /** The killed child's resident memory, per counted kill. */
  final double[] residentMiB;

  EofFloor(Path dir, QuiesceDaemon daemon, int kills) {
    this.dir = dir;
    this.daemon = daemon;
    this.eofMillis = new double[kills];
    this.residentMiB = new double[kills];
  }

  /** Kills {@code warmup} children, then as many as there are samples. */
  void measure(int warmup) throws IOException, InterruptedException {
    Path socket = dir.resolve("floor.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      for (int i = 0; i < warmup + eofMillis.length; i++) {
        Peer peer = connect(server, socket, i);
        try {
          kill(i - warmup, peer);
        } finally {
          peer.child.close();
          peer.channel.close();
        }
      }
    } finally {
      Files.deleteIfExists(socket);
    }
  }

  /** Kills the peer's child; records the sample as number {@code k}, unless it is negative. */
  private void kill(int k, Peer peer) throws InterruptedException {
    ChildJvm child = peer.child;
    try {
      peer.heard.get(Waits.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(child.failure("sent nothing on its socket"), e);
    }
    Waits.until(() -> daemon.connectedRequestors() == 0, child, "the daemon to be idle");
    double resident = child.residentMiB();

    long t0 = System.nanoTime();
    child.kill();
    long eof;
    try {
      eof = peer.eofAt.get(Waits.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          child.failure("was killed, but gave no EOF within " + Waits.AWAIT), e);
    }
    if (eof < t0) {
      throw new IllegalStateException(child.failure("closed its socket before it was killed"));
    }
    if (k >= 0) {
      eofMillis[k] = (eof - t0) / 1e6;
      residentMiB[k] = resident;
    }
    child.reap(Waits.AWAIT);
  }

  /** Starts a child, waits until it is connected, and accepts its connection. */
  private Peer connect(ServerSocketChannel server, Path socket, int n)
      throws IOException, InterruptedException {
    ChildJvm child =
        ChildJvm.start(
            dir.resolve("floor-" + n + ".log"),
            "eof",
            daemon.socket().toString(),
            socket.toString());
    try {
      child.awaitReady(READY);
      return new Peer(child, server.accept());
    } catch (IOException | InterruptedException | RuntimeException e) {
      child.close();
      throw e;
    }
  }
}
