package dev.quiesce.runtime.daemon;

import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.text.PeerText;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Coordinator} to backup tools in other processes, over a Unix domain socket: the
 * application that owns the writers runs the daemon, and a requestor connects with {@link
 * RemoteCoordinator}.
 *
 * <pre>{@code
 * try (QuiesceDaemon daemon =
 *     QuiesceDaemon.start(coordinator, DaemonOptions.at(Path.of("/run/orders/quiesce.sock")))) {
 *   ... // the application runs; backup tools connect
 * }
 * }</pre>
 *
 * <p>Why a daemon and not a port: a Unix socket is reachable from this machine only, and the kernel
 * tells the daemon which user is on the other end ({@code SO_PEERCRED}), so only the users of
 * {@link DaemonOptions#allowedUsers()} may drive backups; nobody can claim to be someone else. And
 * driving backups is all they may do: a remote requestor can snapshot only paths inside the
 * components its backup selected, never other files this process can read, and reaches only the
 * sessions it opened.
 *
 * <p>Why it matters for writers: the daemon ties each session to its requestor's connection. When a
 * requestor process dies, the kernel closes its socket and the daemon ends its sessions at once as
 * {@code REQUESTOR_LOST} (frozen writers thawed, BackupShutdown sent) — milliseconds, where VSS
 * waits minutes for COM to notice. A requestor that hangs without dying is lost after {@link
 * DaemonOptions#requestorTimeout()} of silence.
 *
 * <p>Threads: one accepting, one reading per connection and up to {@code maxCallsInFlight} for its
 * calls, one for the requestor timeout; all daemon threads. What a peer can cost is bounded ({@link
 * DaemonOptions}): at most {@code maxConnections} connections (one more is refused, saying why),
 * {@code maxCallsInFlight} call threads per connection (further calls wait in the peer's socket),
 * frames that cost the bytes that arrived, and before hello only what hello needs; a connection
 * that does not say hello in time or does not read its answers is dropped, and every malformed
 * input is answered as the peer's mistake. When a peer goes, its threads go with it. Closing the
 * daemon ends every connection (their sessions as lost) and deletes the socket file.
 */
public final class QuiesceDaemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QuiesceDaemon.class);

  private final Coordinator coordinator;
  private final DaemonOptions options;
  private final Path socket;
  private final ServerSocketChannel server;
  private final Set<DaemonConnection> connections = ConcurrentHashMap.newKeySet();
  private final ThreadFactory callThreads = Threads.numbered("quiesce-daemon-call-");
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(Threads.numbered("quiesce-daemon-watchdog-"));
  private final ThreadFactory readers = Threads.numbered("quiesce-daemon-connection-");
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread acceptor;

  private QuiesceDaemon(
      Coordinator coordinator, DaemonOptions options, ServerSocketChannel server) {
    this.coordinator = coordinator;
    this.options = options;
    this.socket = options.socket().toAbsolutePath().normalize();
    this.server = server;
    this.acceptor = Threads.numbered("quiesce-daemon-accept-").newThread(this::acceptLoop);
  }

  /**
   * Binds the socket and starts serving. The daemon registers itself with {@link
   * Coordinator#closeFirst}: closing the coordinator closes the daemon before its sessions end.
   *
   * @throws IllegalArgumentException if the path is too long, its directory is missing, or a file
   *     that is not a socket is in the way
   * @throws IllegalStateException if another daemon listens at the path already (a socket file left
   *     by a dead daemon is replaced), or the coordinator is closed
   * @throws IOException if binding fails otherwise
   */
  public static QuiesceDaemon start(Coordinator coordinator, DaemonOptions options)
      throws IOException {
    Objects.requireNonNull(coordinator, "coordinator");
    Objects.requireNonNull(options, "options");
    QuiesceDaemon daemon =
        new QuiesceDaemon(coordinator, options, SocketFiles.bind(options.socket()));
    try {
      // Closing the coordinator closes the daemon first: no tool opens a session while it closes.
      coordinator.closeFirst(daemon);
    } catch (IllegalStateException e) {
      daemon.close();
      throw e;
    }
    long check = Math.max(10, options.requestorTimeout().toMillis() / 10);
    daemon.watchdog.scheduleWithFixedDelay(daemon::checkAlive, check, check, TimeUnit.MILLISECONDS);
    daemon.acceptor.start();
    log.info("Quiesce daemon listening at {} for users {}", daemon.socket, options.allowedUsers());
    return daemon;
  }

  /** The socket's absolute path, as requestors pass it to {@link RemoteCoordinator#connect}. */
  public Path socket() {
    return socket;
  }

  /** How many requestors are connected now. */
  public int connectedRequestors() {
    return connections.size();
  }

  private void acceptLoop() {
    while (!closed.get()) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (AsynchronousCloseException e) {
        return;
      } catch (IOException e) {
        if (!closed.get()) {
          log.error("accepting on {} failed; the daemon stops accepting", socket, e);
        }
        return;
      }
      try {
        accept(channel);
      } catch (IOException | RuntimeException | Error e) { // one connection, not the daemon
        log.warn("could not take a connection on {}: {}", socket, PeerText.escape(e.toString()));
        closeQuietly(channel);
      }
    }
  }

  private void accept(SocketChannel channel) throws IOException {
    UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
    String user = peer.user().getName();
    if (!options.allowedUsers().contains(user)) {
      DaemonConnection.refuse(
          channel,
          "user '"
              + user
              + "' may not drive backups here; the daemon's owner allows it with"
              + " DaemonOptions.allowingUsers(...)");
      return;
    }
    // only this thread adds connections, so the count cannot grow between the check and the add
    if (connections.size() >= options.maxConnections()) {
      DaemonConnection.refuse(
          channel,
          "the daemon serves at most "
              + options.maxConnections()
              + " connections at once and has that many; try again when one has ended"
              + " (the daemon's owner can raise DaemonOptions.withMaxConnections(...))");
      return;
    }
    DaemonConnection connection =
        new DaemonConnection(channel, user, coordinator, options, callThreads, connections::remove);
    connections.add(connection);
    if (closed.get()) {
      connection.end("the daemon is closing");
      return;
    }
    try {
      readers.newThread(connection).start();
    } catch (RuntimeException | Error e) { // no thread for it (out of memory or threads)
      connection.end("the daemon could not start a thread for it: " + e);
      throw e;
    }
  }

  private void checkAlive() {
    long now = System.nanoTime();
    for (DaemonConnection c : List.copyOf(connections)) {
      try {
        c.checkAlive(now);
      } catch (RuntimeException | Error e) { // an Error would cancel the watchdog for everyone
        log.error("checking a requestor connection failed", e);
      }
    }
  }

  /**
   * Stops accepting, ends every connection (their open sessions as {@code REQUESTOR_LOST}) and
   * deletes the socket file. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeQuietly(server);
    for (DaemonConnection c : List.copyOf(connections)) {
      c.end("the daemon is closing");
    }
    watchdog.shutdownNow();
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      log.warn("could not delete the socket file {}: {}", socket, e.toString());
    }
    log.info("Quiesce daemon at {} closed", socket);
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      log.debug("closing {}: {}", c, e.toString());
    }
  }
}
