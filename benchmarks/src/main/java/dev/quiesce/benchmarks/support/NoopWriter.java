package dev.quiesce.benchmarks.support;

import dev.quiesce.api.AbortContext;
import dev.quiesce.api.BackupCompleteContext;
import dev.quiesce.api.BackupShutdownContext;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnAbort;
import dev.quiesce.api.OnBackupComplete;
import dev.quiesce.api.OnBackupShutdown;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnIdentify;
import dev.quiesce.api.OnPostSnapshot;
import dev.quiesce.api.OnPrepareBackup;
import dev.quiesce.api.OnPrepareSnapshot;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.PostSnapshotContext;
import dev.quiesce.api.PrepareBackupContext;
import dev.quiesce.api.PrepareSnapshotContext;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;

/**
 * A writer that does nothing but declare one component (so it takes part in the whole sequence):
 * every backup event reaches a handler, and the time measured is the coordinator's.
 */
@Writer(name = "bench-noop")
public final class NoopWriter {
  @OnIdentify
  void identify(IdentifyContext ctx) {
    ctx.component("data").files(Backups.PATH, "*", true);
  }

  @OnPrepareBackup
  void prepareBackup(PrepareBackupContext ctx) {}

  @OnPrepareSnapshot
  void prepareSnapshot(PrepareSnapshotContext ctx) {}

  @OnFreeze
  void freeze(FreezeContext ctx) {}

  @OnThaw
  void thaw(ThawContext ctx) {}

  @OnPostSnapshot
  void postSnapshot(PostSnapshotContext ctx) {}

  @OnBackupComplete
  void backupComplete(BackupCompleteContext ctx) {}

  @OnAbort
  void abort(AbortContext ctx) {}

  @OnBackupShutdown
  void shutdown(BackupShutdownContext ctx) {}
}
