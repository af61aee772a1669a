package dev.quiesce.set;

import dev.quiesce.runtime.SessionSource;
import java.util.Objects;

/**
 * One member of a snapshot set: a coordinator (in this JVM, or a daemon's through a {@code
 * RemoteCoordinator}) under the name its part of the set archive gets.
 *
 * @param name the member's name, unique in the set (see {@link SetManifest#MEMBER_NAME})
 * @param host the host it runs on, for the set manifest
 * @param sessions its coordinator
 */
public record SetMember(String name, String host, SessionSource sessions) {
  /**
   * Checks the name is allowed.
   *
   * @throws IllegalArgumentException if it is not
   */
  public SetMember {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(sessions, "sessions");
    if (!SetManifest.MEMBER_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "member name '"
              + name
              + "' is not allowed: letters, digits, '.', '-', '_', at most 64, starting with a"
              + " letter or digit");
    }
  }

  /** A member on this host. */
  public static SetMember local(String name, SessionSource sessions) {
    return new SetMember(name, LocalHost.name(), sessions);
  }
}
