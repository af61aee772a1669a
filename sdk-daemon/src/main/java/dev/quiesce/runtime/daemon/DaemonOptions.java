package dev.quiesce.runtime.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where and for whom a {@link QuiesceDaemon} listens, and what one peer may cost it. Immutable; the
 * {@code with...}/{@code allowing...} methods return changed copies.
 *
 * <pre>{@code
 * DaemonOptions.at(Path.of("/run/orders/quiesce.sock"))
 *     .allowingUsers("backup")                      // who may drive backups, by OS user
 *     .withRequestorTimeout(Duration.ofSeconds(5)); // a silent requestor is lost after this
 * }</pre>
 *
 * <p>Why the limits: {@code SO_PEERCRED} keeps strangers out, but an allowed user's tool can still
 * be buggy or hostile. Whatever it sends, it holds at most one of {@code maxConnections}, {@code
 * maxCallsInFlight} threads, and the bytes it actually sent; a peer that stops reading is dropped.
 *
 * @param socket the Unix domain socket's path (at most 107 bytes: the kernel's limit); the file is
 *     created with mode {@code rw-rw----}, so put it in a directory only the allowed users can
 *     reach for a second line of defence
 * @param allowedUsers the operating-system users allowed to connect, checked against each
 *     connection's peer credentials ({@code SO_PEERCRED}), which the peer cannot forge
 * @param requestorTimeout how long a connected requestor may stay silent before it is lost (its
 *     sessions end with {@code REQUESTOR_LOST}): this catches a hung requestor (stopped,
 *     deadlocked), which closes no socket. A requestor pings every fifth of it. A killed requestor
 *     is noticed at once, by its socket closing, whatever this is. It is also how long an answer
 *     may wait for a peer that does not read it before the connection is dropped.
 * @param maxFrameBytes the largest message accepted after hello; larger ones are a protocol error.
 *     Before hello, only what hello needs is accepted ({@value #HELLO_MAX_BYTES} bytes)
 * @param maxConnections how many connections the daemon keeps at once, said hello or not; one more
 *     is refused with the reason, until another one ends
 * @param maxCallsInFlight how many calls of one connection run at once; the daemon reads the
 *     connection's next call only when one of them has been answered (back-pressure), so a peer
 *     that sends calls and never reads the answers holds this many threads at most
 * @param helloTimeout how long a new connection has to say hello, counted from when it connected
 */
public record DaemonOptions(
    Path socket,
    Set<String> allowedUsers,
    Duration requestorTimeout,
    int maxFrameBytes,
    int maxConnections,
    int maxCallsInFlight,
    Duration helloTimeout) {
  /** Unix domain socket paths must fit {@code sun_path} (108 bytes with its terminating NUL). */
  static final int MAX_SOCKET_PATH_BYTES = 107;

  /**
   * The largest frame before hello: a hello with a 200-character name, escaped, fits many times.
   */
  public static final int HELLO_MAX_BYTES = 8 << 10;

  /** Checks the values. */
  public DaemonOptions {
    Objects.requireNonNull(socket, "socket");
    allowedUsers = Set.copyOf(allowedUsers);
    Objects.requireNonNull(requestorTimeout, "requestorTimeout");
    Objects.requireNonNull(helloTimeout, "helloTimeout");
    if (allowedUsers.isEmpty()) {
      throw new IllegalArgumentException("allowedUsers is empty: nobody could connect");
    }
    if (requestorTimeout.toMillis() < 100) {
      throw new IllegalArgumentException(
          "requestorTimeout must be at least 100 ms, was " + requestorTimeout.toMillis() + " ms");
    }
    if (maxFrameBytes < 4096) {
      throw new IllegalArgumentException(
          "maxFrameBytes must be at least 4096, was " + maxFrameBytes);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "maxConnections must be at least 1, was " + maxConnections);
    }
    if (maxCallsInFlight < 2) {
      // one call may wait (doSnapshotSet) while another must get through (abort)
      throw new IllegalArgumentException(
          "maxCallsInFlight must be at least 2 (abort must overtake a running call), was "
              + maxCallsInFlight);
    }
    if (helloTimeout.toMillis() < 100) {
      throw new IllegalArgumentException(
          "helloTimeout must be at least 100 ms, was " + helloTimeout.toMillis() + " ms");
    }
  }

  /**
   * Listens at {@code socket} for requestors running as this process's own user, losing a silent
   * one after 10 seconds, with messages up to 4 MiB, at most 64 connections, 8 calls in flight per
   * connection, and 10 seconds to say hello (a cold JVM loads its classes first).
   */
  public static DaemonOptions at(Path socket) {
    return new DaemonOptions(
        socket,
        Set.of(System.getProperty("user.name")),
        Duration.ofSeconds(10),
        4 << 20,
        64,
        8,
        Duration.ofSeconds(10));
  }

  /** The same options allowing these users (instead of the ones allowed so far). */
  public DaemonOptions allowingUsers(String... users) {
    return new DaemonOptions(
        socket,
        Set.of(users),
        requestorTimeout,
        maxFrameBytes,
        maxConnections,
        maxCallsInFlight,
        helloTimeout);
  }

  /** The same options with another requestor timeout. */
  public DaemonOptions withRequestorTimeout(Duration timeout) {
    return new DaemonOptions(
        socket,
        allowedUsers,
        timeout,
        maxFrameBytes,
        maxConnections,
        maxCallsInFlight,
        helloTimeout);
  }

  /** The same options with another frame limit. */
  public DaemonOptions withMaxFrameBytes(int bytes) {
    return new DaemonOptions(
        socket,
        allowedUsers,
        requestorTimeout,
        bytes,
        maxConnections,
        maxCallsInFlight,
        helloTimeout);
  }

  /** The same options with another connection limit. */
  public DaemonOptions withMaxConnections(int connections) {
    return new DaemonOptions(
        socket,
        allowedUsers,
        requestorTimeout,
        maxFrameBytes,
        connections,
        maxCallsInFlight,
        helloTimeout);
  }

  /** The same options with another limit of calls in flight per connection. */
  public DaemonOptions withMaxCallsInFlight(int calls) {
    return new DaemonOptions(
        socket, allowedUsers, requestorTimeout, maxFrameBytes, maxConnections, calls, helloTimeout);
  }

  /** The same options with another time to say hello. */
  public DaemonOptions withHelloTimeout(Duration timeout) {
    return new DaemonOptions(
        socket,
        allowedUsers,
        requestorTimeout,
        maxFrameBytes,
        maxConnections,
        maxCallsInFlight,
        timeout);
  }
}
