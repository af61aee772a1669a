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
import dev.quiesce.api.OnPostRestore;
import dev.quiesce.api.OnPreRestore;
import dev.quiesce.api.OnPrepareSnapshot;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.PostRestoreContext;
import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.PrepareSnapshotContext;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.Writer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of the {@link Bank}'s Derby database.
 *
 * <p>Freeze runs {@code SYSCS_UTIL.SYSCS_FREEZE_DATABASE()}: Derby checkpoints, then blocks every
 * write until {@code SYSCS_UNFREEZE_DATABASE()}, so the files on disk are a consistent database
 * while the snapshot is taken. Both calls go through one dedicated control connection that never
 * writes (in Derby the freezing connection's own writes would block), and both are prepared before
 * the first freeze: compiling {@code SYSCS_UNFREEZE_DATABASE()} while frozen reads the data
 * dictionary, and when that needs a cache page whose eviction must flush the (frozen) log, the
 * writer deadlocks itself and the database stays frozen for good. Derby never thaws by itself, so
 * the writer relies on Quiesce's guarantee that Thaw always follows a Freeze, and unfreezes exactly
 * once per freeze it made, tracked per session in {@link FreezeHold}; Abort and BackupShutdown
 * unfreeze too if, against that guarantee, the session still holds the freeze.
 *
 * <p>PrepareSnapshot checkpoints first ({@code SYSCS_UTIL.SYSCS_CHECKPOINT_DATABASE()}), while the
 * transfers go on: the dirty pages are written then, so the checkpoint the freeze makes has little
 * left to write, and writes are blocked for less time. It runs on a connection of its own, outside
 * the lock of the freeze and unfreeze calls: another session may hold the database frozen, and the
 * checkpoint then waits for its Thaw, which must still be able to unfreeze.
 *
 * <p>It takes part in restores to the database's own files (VSS's stop, restore, start): PreRestore
 * holds the transfers and shuts Derby down, so the restore replaces files nobody has open, and
 * PostRestore boots the restored database and resumes the transfers. Without that, the files would
 * be replaced under a running Derby, which would go on writing to the deleted ones; the coordinator
 * refuses such a restore for a writer without PreRestore.
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

  /** How long PreRestore waits for the transfers in flight to finish. */
  private static final Duration HOLD_TIMEOUT = Duration.ofSeconds(20);

  private final Bank bank;

  /** The control connection and its prepared calls; replaced when Derby is booted again. */
  private Control control;

  /**
   * The dedicated control connection and its two calls, prepared before any freeze, and the
   * checkpoint call, on a connection of its own so that a checkpoint waiting for a frozen database
   * holds nothing the unfreeze needs.
   */
  private record Control(
      Connection connection,
      PreparedStatement freeze,
      PreparedStatement unfreeze,
      PreparedStatement checkpoint) {
    static Control open(Bank bank) throws SQLException {
      Connection connection = bank.connect();
      connection.setAutoCommit(true);
      Connection flushing = bank.connect();
      flushing.setAutoCommit(true);
      return new Control(
          connection,
          connection.prepareStatement("CALL SYSCS_UTIL.SYSCS_FREEZE_DATABASE()"),
          connection.prepareStatement("CALL SYSCS_UTIL.SYSCS_UNFREEZE_DATABASE()"),
          flushing.prepareStatement("CALL SYSCS_UTIL.SYSCS_CHECKPOINT_DATABASE()"));
    }

    /** Closes both connections, the checkpoint's even if closing the control one fails. */
    void close() throws SQLException {
      Connection flushing = checkpoint.getConnection();
      try {
        connection.close();
      } finally {
        flushing.close();
      }
    }
  }

  @Inject
  BankWriter(Bank bank) throws SQLException {
    this.bank = bank;
    this.control = Control.open(bank);
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

  /** Checkpoints, so that the freeze's own checkpoint is short (see the class comment). */
  @OnPrepareSnapshot
  void prepareSnapshot(PrepareSnapshotContext ctx) throws SQLException {
    PreparedStatement checkpoint;
    synchronized (this) {
      checkpoint = control.checkpoint();
    }
    // One checkpoint at a time per statement; never under this writer's lock (the unfreeze's).
    synchronized (checkpoint) {
      checkpoint.execute();
    }
  }

  @OnFreeze
  void freeze(FreezeContext ctx, FreezeHold hold) throws SQLException {
    call(true);
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
    call(false);
    hold.unfroze();
    return true;
  }

  private synchronized void call(boolean freeze) throws SQLException {
    (freeze ? control.freeze() : control.unfreeze()).execute();
  }

  /**
   * A restore over the live database: holds the transfers (each finishes the one it is in and
   * closes its connection) and shuts Derby down, so that no file is open when it is replaced. A
   * restore under another directory leaves the bank running.
   */
  @OnPreRestore
  void preRestore(PreRestoreContext ctx) throws SQLException, InterruptedException, IOException {
    if (ctx.alternateLocation().isPresent()) {
      return;
    }
    Path aside = aside();
    if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(
          aside + " is left from an earlier restore; look at it and remove it, then restore again");
    }
    bank.hold(HOLD_TIMEOUT);
    try {
      synchronized (this) {
        control.close();
      }
      bank.shutdown();
      // The restore brings back the backup's files only; Derby files made since (newer logs) must
      // not be recovered with them. The database is kept aside until the restore is known done.
      Files.move(bank.directory(), aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (SQLException | IOException | RuntimeException e) {
      // Not stopped: the restore is refused (PreRestore failed), so the bank must go on.
      reopen(e);
      throw e;
    }
    log.info("bank held and Derby shut down for a restore in place");
  }

  /**
   * Boots the restored database (Derby recovers it to the backup's point), prepares the control
   * calls on a new connection, and resumes the transfers.
   */
  @OnPostRestore
  void postRestore(PostRestoreContext ctx) throws SQLException, IOException {
    if (ctx.alternateLocation().isPresent()) {
      return;
    }
    Path aside = aside();
    try {
      if (Files.isDirectory(bank.directory(), LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(aside);
        log.info("bank restored in place: Derby boots the backup's database");
      } else if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
        // The restore wrote nothing (it writes all or nothing): the database goes back as it was.
        Files.move(aside, bank.directory(), StandardCopyOption.ATOMIC_MOVE);
        log.warn("the restore did not happen; the bank goes on with the database it had");
      }
      synchronized (this) {
        control = Control.open(bank);
      }
    } finally {
      bank.release();
    }
    log.info("transfers resumed after the restore");
  }

  private Path aside() {
    return bank.directory().resolveSibling(bank.directory().getFileName() + ".before-restore");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** After a failed PreRestore: the control connection is usable again and the bank released. */
  private void reopen(Exception failure) {
    try {
      Path aside = aside();
      if (!Files.exists(bank.directory()) && Files.exists(aside)) {
        Files.move(aside, bank.directory(), StandardCopyOption.ATOMIC_MOVE);
      }
      synchronized (this) {
        if (control.connection().isClosed()) {
          control.close();
          control = Control.open(bank);
        }
      }
    } catch (SQLException | IOException e) {
      failure.addSuppressed(e);
    } finally {
      bank.release();
    }
  }
}
