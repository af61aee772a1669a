package dev.quiesce.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * How a cluster snapshot set runs.
 *
 * @param freezeWindow the global freeze window: from the first Freeze on any member to the last
 *     Thaw on every member. Each member's own watchdog thaws its writers when it ends, and the set
 *     is aborted. Longer than the members' ZooKeeper session timeout, so that a member that dies
 *     frozen is noticed (its node vanishes) before the window ends.
 * @param timeout how long the whole set may take, each member's part included
 */
public record ClusterSetOptions(Duration freezeWindow, Duration timeout) {
  /** Checks both durations are positive. */
  public ClusterSetOptions {
    Objects.requireNonNull(freezeWindow, "freezeWindow");
    Objects.requireNonNull(timeout, "timeout");
    if (freezeWindow.isNegative() || freezeWindow.isZero()) {
      throw new IllegalArgumentException("freezeWindow must be positive: " + freezeWindow);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /** A 10 s global freeze window and a 5 min timeout. */
  public static ClusterSetOptions defaults() {
    return new ClusterSetOptions(Duration.ofSeconds(10), Duration.ofMinutes(5));
  }

  /** These options with another freeze window. */
  public ClusterSetOptions withFreezeWindow(Duration window) {
    return new ClusterSetOptions(window, timeout);
  }

  /** These options with another timeout. */
  public ClusterSetOptions withTimeout(Duration setTimeout) {
    return new ClusterSetOptions(freezeWindow, setTimeout);
  }
}
