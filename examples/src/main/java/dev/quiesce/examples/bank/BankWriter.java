package dev.quiesce.examples.bank;

import dev.quiesce.api.AbortContext;
import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.BackupShutdownContext;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnAbort;
import dev.quiesce.api.OnBackupShutdown;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnIdentify;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of the {@link Bank}'s Derby database.
 *
 * <p>Freeze runs {@code SYSCS_UTIL.SYSCS_FREEZE_DATABASE()}: Derby checkpoints, then blocks every
 * write until {@code SYSCS_UNFREEZE_DATABASE()}, so the files on disk are a consistent database while
 * the snapshot is taken. Both calls go through one dedicated control connection that never writes
 * (in Derby the freezing connection's own writes would block), and both are prepared before the
 * first freeze: compiling {@code SYSCS_UNFREEZE_DATABASE()} while frozen reads the data dictionary,
 * and when that needs a cache page whose eviction must flush the (frozen) log, the writer deadlocks
 * itself and the database stays frozen for good. Derby never thaws by itself, so the
 * writer relies on Quiesce's guarantee that Thaw always follows a Freeze, and unfreezes exactly once
 * per freeze it made, tracked per session in {@link FreezeHold}; Abort and BackupShutdown unfreeze
 * too if, against that guarantee, the session still holds the freeze.
 */
@Writer(
    name = "bank-derby",
    level = ApplicationLevel.BACK_END,
    source = SourceType.TRANSACTED_DB,
    freezeTimeoutMillis = 30_000)
public final class BankWriter {
  private static final Logger log = LoggerFactory.getLogger(BankWriter.class);

  /** The component this writer declares. */
  public static final String COMPONENT = "accounts";

  private final Bank bank;
  private final PreparedStatement freeze;
  private final PreparedStatement unfreeze;

  @Inject
  BankWriter(Bank bank) throws SQLException {
    this.bank = bank;
    Connection control = bank.connect();
    control.setAutoCommit(true);
    this.freeze = control.prepareStatement("CALL SYSCS_UTIL.SYSCS_FREEZE_DATABASE()");
    this.unfreeze = control.prepareStatement("CALL SYSCS_UTIL.SYSCS_UNFREEZE_DATABASE()");
  }

  @OnIdentify
  void identify(IdentifyContext ctx) {
    ctx.component(COMPONENT)
        .database()
        .caption("bank accounts (Apache Derby)")
        .files(bank.directory(), "*", true);
    // Derby's lock files belong to the running database, never to a backup.
    ctx.excludeFiles(bank.directory(), "*.lck", true);
  }

  @OnFreeze
  void freeze(FreezeContext ctx, FreezeHold hold) throws SQLException {
    call(freeze);
    hold.froze();
  }

  @OnThaw
  void thaw(ThawContext ctx, FreezeHold hold) throws SQLException {
    unfreezeIfHeld(hold);
  }

  @OnAbort
  void abort(AbortContext ctx, FreezeHold hold) throws SQLException {
    unfreezeIfHeld(hold);
  }

  @OnBackupShutdown
  void shutdown(BackupShutdownContext ctx, FreezeHold hold) throws SQLException {
    if (unfreezeIfHeld(hold)) {
      log.warn("session {} ended with the database still frozen; unfrozen", ctx.sessionId());
    }
  }

  private boolean unfreezeIfHeld(FreezeHold hold) throws SQLException {
    if (!hold.isFrozen()) {
      return false;
    }
    // Marked unfrozen only once Derby says so: if the call fails, Abort or BackupShutdown retry it.
    call(unfreeze);
    hold.unfroze();
    return true;
  }

  private synchronized void call(PreparedStatement statement) throws SQLException {
    statement.execute();
  }
}
