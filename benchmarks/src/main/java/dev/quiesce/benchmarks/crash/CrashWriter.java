package dev.quiesce.benchmarks.crash;

import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnBackupShutdown;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnIdentify;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;
import dev.quiesce.benchmarks.support.Backups;
import jakarta.inject.Inject;

/**
 * A writer that notes when it is thawed and when it gets BackupShutdown for a lost requestor: the
 * two moments a killed requestor's writers wait for. It does nothing else, so the times are the
 * daemon's and the coordinator's.
 */
@Writer(name = "bench-crash")
public final class CrashWriter {
  private final Rounds rounds;

  @Inject
  public CrashWriter(Rounds rounds) {
    this.rounds = rounds;
  }

  @OnIdentify
  void identify(IdentifyContext ctx) {
    ctx.component("data").files(Backups.PATH, "*", true);
  }

  @OnFreeze
  void freeze(FreezeContext ctx) {}

  @OnThaw
  void thaw(ThawContext ctx) {
    rounds.current().thawedAt(System.nanoTime());
  }

  @OnBackupShutdown
  void shutdown(ShutdownCause cause) {
    long now = System.nanoTime();
    if (cause == ShutdownCause.REQUESTOR_LOST) {
      rounds.current().shutDownAt(now);
    } else {
      rounds.current().shutDownOtherwise();
    }
  }
}
