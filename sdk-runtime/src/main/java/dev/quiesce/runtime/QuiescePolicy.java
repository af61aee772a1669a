package dev.quiesce.runtime;

/**
 * What a backup does when quiescing fails: a writer vetoes (throws in PrepareBackup,
 * PrepareSnapshot, Freeze or Thaw), times out, or the freeze window expires.
 *
 * <p>The peers disagree on the default (AWS and Azure go on crash-consistent, GCP fails closed) and
 * their users find out which happened only afterwards. Quiesce makes it the requestor's explicit
 * choice and records the outcome on the {@link SnapshotSet} ({@link SnapshotSet#quiesced()}, {@link
 * SnapshotSet#quiesceFailures()}), so an archive can say which kind of copy it holds.
 *
 * <p>A frozen writer whose file vanished from a file-by-file copy (the copy provider listed it,
 * then found it gone) did not hold its files still: that is its quiesce failure too ({@code
 * FAILED_AT_FREEZE}, {@link dev.quiesce.api.WriterFailure#INCONSISTENT_SNAPSHOT}, the file named),
 * handled by the policy like a veto.
 */
public enum QuiescePolicy {
  /**
   * Fail the backup: every participant is thawed (if frozen) and aborted, no snapshot set is
   * returned, and the call throws {@link QuiesceException}. The default.
   */
  FAIL,
  /**
   * Go on crash-consistent: the writers that failed are thawed (if frozen), aborted and left out of
   * the rest of the snapshot set; the snapshot is still taken, and marked not quiesced. A failure
   * of the snapshot provider itself still fails the backup: there is no copy to go on with.
   */
  CONTINUE_CRASH_CONSISTENT
}
