package dev.quiesce.runtime.archive;

import java.util.Objects;

/**
 * Whether the writers were quiesced for the backup, recorded in its manifest so that whoever
 * restores knows what kind of copy they have (a quiesce failure may have been allowed to go on
 * crash-consistent, by the requestor's explicit policy).
 *
 * @param status how consistent the copy is
 * @param reason why it is not {@link Status#QUIESCED}, or what a quiesced backup lacks (writers
 *     that failed Identify, under a policy that went on without them); empty when neither
 */
public record QuiesceOutcome(Status status, String reason) {
  /** How consistent the copy in a backup is. */
  public enum Status {
    /** Every writer froze: the copy is application-consistent. */
    QUIESCED,
    /** Some writer did not freeze and the backup went on: the copy is like one after a crash. */
    CRASH_CONSISTENT
  }

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if a crash-consistent outcome gives no reason
   */
  public QuiesceOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    if (status == Status.CRASH_CONSISTENT && reason.isBlank()) {
      throw new IllegalArgumentException("a CRASH_CONSISTENT outcome needs the reason");
    }
  }

  /** Every writer froze. */
  public static QuiesceOutcome quiesced() {
    return new QuiesceOutcome(Status.QUIESCED, "");
  }

  /** The backup went on without every writer frozen, because of {@code reason}. */
  public static QuiesceOutcome crashConsistent(String reason) {
    return new QuiesceOutcome(Status.CRASH_CONSISTENT, reason);
  }
}
