package dev.quiesce.set;

import dev.quiesce.runtime.SessionSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One member of a snapshot set: a coordinator (in this JVM, or a daemon's through a {@code
 * RemoteCoordinator}) under the name its part of the set archive gets.
 *
 * @param name the member's name, unique in the set (see {@link SetManifest#MEMBER_NAME})
 * @param host the host it runs on, for the set manifest
 * @param sessions its coordinator
 * @param lost completes when the member is known to be gone (a daemon's connection ended: {@code
 *     RemoteCoordinator.disconnected()}), so the set is aborted for the others at once rather than
 *     at the member's next step; never, for a coordinator in this JVM
 */
public record SetMember(String name, String host, SessionSource sessions, CompletionStage<?> lost) {
  /**
   * Checks the name is allowed.
   *
   * @throws IllegalArgumentException if it is not
   */
  public SetMember {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(lost, "lost");
    if (!SetManifest.MEMBER_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "member name '"
              + name
              + "' is not allowed: letters, digits, '.', '-', '_', at most 64, starting with a"
              + " letter or digit");
    }
  }

  /** A member on this host, in this JVM: it cannot be lost without this JVM. */
  public static SetMember local(String name, SessionSource sessions) {
    return new SetMember(name, LocalHost.name(), sessions, new CompletableFuture<Void>());
  }

  /** A member on this host in another process, lost when {@code lost} completes. */
  public static SetMember local(String name, SessionSource sessions, CompletionStage<?> lost) {
    return new SetMember(name, LocalHost.name(), sessions, lost);
  }
}
