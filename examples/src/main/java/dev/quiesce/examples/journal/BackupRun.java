package dev.quiesce.examples.journal;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.SessionState;

/**
 * What {@link JournalWriter} keeps for one backup: a {@link SessionState}, so the runtime gives
 * each session its own instance and drops it after BackupShutdown. No map keyed by session id, and
 * right when the journal is in two backups at once.
 */
@SessionState
final class BackupRun {
  BackupType type = BackupType.FULL;

  /** How many records the journal held while frozen: the stamp this backup leaves. */
  long records;

  private Journal.Hold hold;

  synchronized void hold(Journal.Hold newHold) {
    this.hold = newHold;
  }

  /** Releases the held appends, if this session holds them. Safe to call from any handler. */
  synchronized boolean releaseHold() {
    if (hold == null) {
      return false;
    }
    hold.release();
    hold = null;
    return true;
  }
}
