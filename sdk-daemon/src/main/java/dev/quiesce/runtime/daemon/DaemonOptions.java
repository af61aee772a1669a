package dev.quiesce.runtime.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where and for whom a {@link QuiesceDaemon} listens. Immutable; the {@code with...}/{@code
 * allowing...} methods return changed copies.
 *
 * <pre>{@code
 * DaemonOptions.at(Path.of("/run/orders/quiesce.sock"))
 *     .allowingUsers("backup")                      // who may drive backups, by OS user
 *     .withRequestorTimeout(Duration.ofSeconds(5)); // a silent requestor is lost after this
 * }</pre>
 *
 * @param socket the Unix domain socket's path (at most 107 bytes: the kernel's limit); the file
 *     is created with mode {@code rw-rw----}, so put it in a directory only the allowed users can
 *     reach for a second line of defence
 * @param allowedUsers the operating-system users allowed to connect, checked against each
 *     connection's peer credentials ({@code SO_PEERCRED}), which the peer cannot forge
 * @param requestorTimeout how long a connected requestor may stay silent before it is lost (its
 *     sessions end with {@code REQUESTOR_LOST}): this catches a hung requestor (stopped, deadlocked),
 *     which closes no socket. A requestor pings every fifth of it. A killed requestor is noticed at
 *     once, by its socket closing, whatever this is.
 * @param maxFrameBytes the largest message accepted; larger ones are a protocol error
 */
public record DaemonOptions(
    Path socket, Set<String> allowedUsers, Duration requestorTimeout, int maxFrameBytes) {
  /** Unix domain socket paths must fit {@code sun_path} (108 bytes with its terminating NUL). */
  static final int MAX_SOCKET_PATH_BYTES = 107;

  /** Checks the values. */
  public DaemonOptions {
    Objects.requireNonNull(socket, "socket");
    allowedUsers = Set.copyOf(allowedUsers);
    Objects.requireNonNull(requestorTimeout, "requestorTimeout");
    if (allowedUsers.isEmpty()) {
      throw new IllegalArgumentException("allowedUsers is empty: nobody could connect");
    }
    if (requestorTimeout.toMillis() < 100) {
      throw new IllegalArgumentException(
          "requestorTimeout must be at least 100 ms, was " + requestorTimeout.toMillis() + " ms");
    }
    if (maxFrameBytes < 4096) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 4096, was " + maxFrameBytes);
    }
  }

  /**
   * Listens at {@code socket} for requestors running as this process's own user, losing a silent
   * one after 10 seconds, with messages up to 4 MiB.
   */
  public static DaemonOptions at(Path socket) {
    return new DaemonOptions(
        socket, Set.of(System.getProperty("user.name")), Duration.ofSeconds(10), 4 << 20);
  }

  /** The same options allowing these users (instead of the ones allowed so far). */
  public DaemonOptions allowingUsers(String... users) {
    return new DaemonOptions(socket, Set.of(users), requestorTimeout, maxFrameBytes);
  }

  /** The same options with another requestor timeout. */
  public DaemonOptions withRequestorTimeout(Duration timeout) {
    return new DaemonOptions(socket, allowedUsers, timeout, maxFrameBytes);
  }

  /** The same options with another frame limit. */
  public DaemonOptions withMaxFrameBytes(int bytes) {
    return new DaemonOptions(socket, allowedUsers, requestorTimeout, bytes);
  }
}
