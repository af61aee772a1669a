package dev.quiesce.cluster;

import dev.quiesce.api.ApplicationLevel;
import java.time.Instant;
import java.util.Set;

/**
 * One member's own part of a cluster snapshot set: its local backup session, walked step by step as
 * the cluster's barrier says. The steps run on the member's set thread, in {@link Phase} order;
 * {@link #abort} and {@link #requestorLost} may come from any thread at any time and must thaw
 * frozen writers at once.
 */
interface LocalSet extends AutoCloseable {
  /** Identify and PrepareBackup. */
  void prepare();

  /**
   * The levels this member has writers at, once {@link #prepare} returned: only these levels need a
   * barrier across the cluster. A superset is safe (an extra barrier), a level left out is not.
   */
  Set<ApplicationLevel> levels();

  /** Freezes the writers of one level; the first call starts the member's freeze window. */
  void freeze(ApplicationLevel level);

  /** Takes the member's snapshot while its writers are frozen. */
  void snapshot();

  /** Thaws the writers of one level. */
  void thaw(ApplicationLevel level);

  /** Ends the snapshot set and writes the member's part; returns its summary. */
  PartSummary finish();

  /** BackupComplete: the set is whole. */
  void complete();

  /**
   * When the member's own watchdog thaws its writers whatever happens; {@link Instant#MAX} before
   * the first Freeze.
   */
  Instant thawDeadline();

  /** Aborts: thaws what is frozen at once, then Abort; BackupShutdown says ABORTED. Idempotent. */
  void abort(String cause);

  /** The requestor is gone: thaws at once; BackupShutdown says REQUESTOR_LOST. Idempotent. */
  void requestorLost();

  /** Ends the local session. Idempotent. */
  @Override
  void close();
}
