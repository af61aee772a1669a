package dev.quiesce.cluster;

/**
 * A cluster operation failed: ZooKeeper could not be reached, or a snapshot set was aborted (the
 * message gives the cause written to the set's {@code abort} node: which member, which phase, what
 * went wrong). When a set fails, every member has been told to thaw and abort; members thaw on
 * their own in any case.
 */
public class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with its message. */
  public ClusterException(String message) {
    super(message);
  }

  /** A failure with its message and cause. */
  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
