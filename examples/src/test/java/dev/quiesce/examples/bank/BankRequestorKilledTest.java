package dev.quiesce.examples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.EventRecorder;
import dev.quiesce.runtime.testing.SeenEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup tool dies mid-backup: the {@code quiesce} command line, in its own process, backs up
 * the bank through the bank's daemon and is SIGKILLed while Derby is frozen. Derby is unfrozen at
 * once, the transfers go on, the writer hears BackupShutdown with {@code REQUESTOR_LOST}, no
 * archive is left that could pass for a backup, and the next backup is whole and consistent.
 */
class BankRequestorKilledTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);

  @TempDir Path work;

  @Test
  void derbyIsUnfrozenAndTheNextBackupIsConsistentWhenTheBackupToolIsKilled() throws Exception {
    DerbySettings.apply(work);
    Bank bank = Bank.open(work.resolve("live/bank"), 2_000, DemoOptions.BALANCE);
    HoldingProvider provider =
        new HoldingProvider(new CopySnapshotProvider(work.resolve("shadow")));
    Coordinator coordinator =
        Guice.createInjector(
                Stage.PRODUCTION, QuiesceModule.builder().snapshotProvider(provider).build())
            .getInstance(Coordinator.class);
    EventRecorder<BankWriter> writer = new EventRecorder<>(new BankWriter_Dispatcher());
    coordinator.subscribe(writer, new BankWriter(bank));
    TransferLoad load = TransferLoad.start(bank, 2_000, 2);
    Path archive = work.resolve("archives/killed");
    Process tool = null;
    try (QuiesceDaemon daemon =
        QuiesceDaemon.start(
            coordinator,
            DaemonOptions.at(work.resolve("bank.sock"))
                .withRequestorTimeout(Duration.ofMinutes(1)))) {
      tool = startTool(daemon.socket(), archive);
      assertTrue(
          provider.awaitTaking(60),
          "the backup tool never got Derby frozen; see " + work.resolve("tool.log"));
      SessionId session = coordinator.activeSessions().get(0);
      long frozenAt = load.transfers();

      tool.destroyForcibly();

      SeenEvent shutdown = writer.awaitEvent(session, WriterEvent.BACKUP_SHUTDOWN, AWAIT);
      assertEquals(ShutdownCause.REQUESTOR_LOST, shutdown.cause().orElseThrow());
      writer.assertInvariants(session);
      assertTrue(writer.eventTypes(session).contains(WriterEvent.THAW), "Derby was unfrozen");
      CompletableFuture.runAsync(() -> awaitTransfers(load))
          .get(AWAIT.toSeconds(), TimeUnit.SECONDS);
      assertTrue(load.transfers() > frozenAt, "transfers go on after the kill");
      assertFalse(Files.exists(archive.resolve("manifest.json")), "no archive passes for a backup");

      provider.release();
      Path next = work.resolve("archives/next");
      new BackupApplication(coordinator)
          .backup(BackupOptions.full(), next, ProgressListener.none());
      Path target = work.resolve("restored");
      new BackupApplication(coordinator)
          .restore(next, Optional.of(target), ProgressListener.none());
      Path restored =
          target.resolve(bank.directory().getRoot().relativize(bank.directory()).toString());
      ConsistencyCheck.Verdict verdict =
          ConsistencyCheck.check(restored, 2_000L * DemoOptions.BALANCE);
      assertTrue(verdict.consistent(), verdict.detail());
    } finally {
      if (tool != null) {
        tool.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      provider.release();
      load.stop();
      bank.shutdown();
    }
    assertEquals(List.of(), coordinator.activeSessions());
  }

  /** {@code quiesce backup} in a new JVM: a backup tool in its own process, as in production. */
  private Process startTool(Path socket, Path archive) throws java.io.IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "-XX:TieredStopAtLevel=1",
            "dev.quiesce.cli.Main",
            "backup",
            "--socket",
            socket.toString(),
            "--to",
            archive.toString())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("tool.log").toFile())
        .start();
  }

  private static void awaitTransfers(TransferLoad load) {
    try {
      load.awaitMoreTransfers(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
