package dev.quiesce.examples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.quiesce.api.EventContext;
import dev.quiesce.api.PostRestoreContext;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.spi.SessionRecord;
import dev.quiesce.api.spi.WriterDescriptor;
import dev.quiesce.api.spi.WriterDispatcher;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.EventRecorder;
import dev.quiesce.runtime.testing.SeenEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank restored to its original paths while it runs under transfers: PreRestore holds the
 * transfers and shuts Derby down, the files are replaced, PostRestore boots the restored database
 * and resumes. The database Derby boots is exactly the backup's (every balance), consistent ({@code
 * SYSCS_CHECK_TABLE}, the sum of balances), and transfers go on from there without error.
 */
class BankRestoreInPlaceTest {
  private static final int ACCOUNTS = 2_000;

  @TempDir Path work;

  @Test
  void theRunningBankIsRestoredInPlaceToTheBackupAndGoesOn() throws Exception {
    DerbySettings.apply(work);
    Bank bank = Bank.open(work.resolve("live/bank"), ACCOUNTS, DemoOptions.BALANCE);
    Coordinator coordinator =
        Guice.createInjector(
                Stage.PRODUCTION,
                QuiesceModule.builder()
                    .snapshotProvider(new CopySnapshotProvider(work.resolve("shadow")))
                    .build())
            .getInstance(Coordinator.class);
    AtomicReference<List<Long>> atPostRestore = new AtomicReference<>();
    EventRecorder<BankWriter> writer =
        new EventRecorder<>(
            new BeforePostRestore(new BankWriter_Dispatcher(), bank, atPostRestore));
    coordinator.subscribe(writer, new BankWriter(bank));
    BackupApplication app = new BackupApplication(coordinator);
    TransferLoad load = TransferLoad.start(bank, ACCOUNTS, 2);
    try {
      load.awaitMoreTransfers(50);
      Path archive = work.resolve("archive");
      app.backup(BackupOptions.full(), archive, ProgressListener.none());
      // The backup's balances, from a copy restored elsewhere (which leaves the bank running).
      Path copy = work.resolve("copy");
      app.restore(archive, Optional.of(copy), ProgressListener.none());
      Bank backedUp =
          Bank.existing(copy.resolve(work.getRoot().relativize(bank.directory()).toString()));
      List<Long> backup = balances(backedUp);
      backedUp.shutdown();
      load.awaitMoreTransfers(200);
      try (Connection c = bank.connect()) {
        // Read under the running transfers without taking locks: a locking scan can deadlock with
        // them, and whether the bank moved on needs no consistent view.
        c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
        assertNotEquals(backup, balances(c), "the live bank has moved on since the backup");
      }

      RestoreResult result = app.restore(archive, Optional.empty(), ProgressListener.none());

      assertTrue(result.restored().stream().allMatch(p -> p.startsWith(bank.directory())));
      List<SeenEvent> events = writer.events();
      SessionId restore = events.get(events.size() - 1).session();
      writer.assertSequence(
          restore, WriterEvent.IDENTIFY, WriterEvent.PRE_RESTORE, WriterEvent.POST_RESTORE);
      assertEquals(
          backup, atPostRestore.get(), "Derby booted the backup's database, every balance");
      long before = load.transfers();
      load.awaitMoreTransfers(100); // at most 60 s: the transfers resumed
      assertTrue(load.transfers() > before);
    } finally {
      load.stop(); // rethrows any transfer failure: holding the bank is not one
    }
    try (Connection c = bank.connect()) {
      assertEquals((long) ACCOUNTS * DemoOptions.BALANCE, Bank.total(c), "the invariant holds");
      assertTrue(checkTables(c), "SYSCS_CHECK_TABLE passes after the restore and the transfers");
    } finally {
      bank.shutdown();
    }
  }

  private static List<Long> balances(Bank bank) throws SQLException {
    try (Connection c = bank.connect()) {
      return balances(c);
    }
  }

  private static List<Long> balances(Connection c) throws SQLException {
    List<Long> balances = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT balance FROM accounts ORDER BY id")) {
      while (r.next()) {
        balances.add(r.getLong(1));
      }
    }
    return balances;
  }

  private static boolean checkTables(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("VALUES SYSCS_UTIL.SYSCS_CHECK_TABLE('APP', 'ACCOUNTS')");
        ResultSet r = s.executeQuery()) {
      return r.next() && r.getInt(1) == 1;
    }
  }

  /**
   * Reads the restored database just before the writer's PostRestore resumes the transfers: the
   * files are in place and the transfers still held, so what Derby boots is the restore alone. It
   * checks the table and the invariant there too.
   */
  private static final class BeforePostRestore implements WriterDispatcher<BankWriter> {
    private final WriterDispatcher<BankWriter> delegate;
    private final Bank bank;
    private final AtomicReference<List<Long>> seen;

    BeforePostRestore(
        WriterDispatcher<BankWriter> delegate, Bank bank, AtomicReference<List<Long>> seen) {
      this.delegate = delegate;
      this.bank = bank;
      this.seen = seen;
    }

    @Override
    public WriterDescriptor descriptor() {
      return delegate.descriptor();
    }

    @Override
    public void dispatch(BankWriter writer, EventContext context, SessionRecord session)
        throws Exception {
      if (context instanceof PostRestoreContext post && post.alternateLocation().isEmpty()) {
        assertTrue(bank.holdRequested(), "the transfers are held until PostRestore");
        try (Connection c = DriverManager.getConnection(bank.url())) {
          assertTrue(checkTables(c), "SYSCS_CHECK_TABLE passes on the restored database");
          assertEquals((long) ACCOUNTS * DemoOptions.BALANCE, Bank.total(c));
          seen.set(balances(c));
        }
        assertNotNull(seen.get());
      }
      delegate.dispatch(writer, context, session);
    }
  }
}
