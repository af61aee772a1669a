package dev.quiesce.examples.shop;

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

/**
 * The writer of one shop service's Derby database: Freeze is {@code SYSCS_FREEZE_DATABASE()}, Thaw
 * {@code SYSCS_UNFREEZE_DATABASE()}, both prepared before any freeze on a control connection that
 * never writes (see the bank's writer for why). Backups only: the demo restores its copies under a
 * directory of their own, never over the running service.
 */
@Writer(
    name = "shop-derby",
    level = ApplicationLevel.BACK_END,
    source = SourceType.TRANSACTED_DB,
    freezeTimeoutMillis = 30_000)
public final class ShopWriter {
  private final ShopDb db;
  private final Connection control;
  private final PreparedStatement freeze;
  private final PreparedStatement unfreeze;

  @Inject
  ShopWriter(ShopDb db) throws SQLException {
    this.db = db;
    this.control = db.connect();
    control.setAutoCommit(true);
    this.freeze = control.prepareStatement("CALL SYSCS_UTIL.SYSCS_FREEZE_DATABASE()");
    this.unfreeze = control.prepareStatement("CALL SYSCS_UTIL.SYSCS_UNFREEZE_DATABASE()");
  }

  @OnIdentify
  void identify(IdentifyContext ctx) {
    ctx.component("data")
        .database()
        .caption("shop data (Apache Derby)")
        .files(db.directory(), "*", true);
    ctx.excludeFiles(db.directory(), "*.lck", true);
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
    unfreezeIfHeld(hold);
  }

  private void unfreezeIfHeld(FreezeHold hold) throws SQLException {
    if (hold.isFrozen()) {
      call(unfreeze);
      hold.unfroze();
    }
  }

  private synchronized void call(PreparedStatement statement) throws SQLException {
    statement.execute();
  }
}
