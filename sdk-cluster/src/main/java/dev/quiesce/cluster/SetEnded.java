package dev.quiesce.cluster;

/**
 * Why a member's run of a set stopped before it completed: the set was aborted (by anyone, or by
 * this member, in which case it must write the abort node), or its requestor is gone.
 */
final class SetEnded extends Exception {
  private static final long serialVersionUID = 1L;

  enum Kind {
    /** Someone wrote the abort node. */
    ABORTED,
    /** This member failed or timed out: it writes the abort node itself. */
    FAILED_HERE,
    /** The requestor's owner node (or the whole set) is gone. */
    REQUESTOR_LOST
  }

  private final Kind kind;

  SetEnded(Kind kind, String cause) {
    super(cause, null, false, false);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }
}
