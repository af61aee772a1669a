package dev.quiesce.examples.bank;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.WritersModule;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The bank as a service that a backup tool in another process backs up: Derby under continuous
 * transfers, its {@link BankWriter}, and a {@link QuiesceDaemon} on a socket, until the process is
 * stopped (Ctrl-C). Try it with the {@code quiesce} command line:
 *
 * <pre>
 * mvn -B -q -Pserve -DskipTests verify        # the bank, serving examples/target/bank.sock
 * bin/quiesce backup --socket examples/target/bank.sock --to /tmp/bank-1
 * </pre>
 *
 * <p>Usage: {@code BankServer --socket PATH [--work DIR] [--accounts N] [--threads N]}.
 */
public final class BankServer {
  private BankServer() {}

  public static void main(String[] args) throws Exception {
    Path socket = null;
    DemoOptions options = DemoOptions.defaults();
    try {
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + args[i]);
        }
        if (args[i].equals("--socket")) {
          socket = Path.of(args[i + 1]);
        } else {
          options = options.with(args[i], args[i + 1]);
        }
      }
      if (socket == null) {
        throw new IllegalArgumentException("--socket is required");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: BankServer --socket PATH [--work DIR] [--accounts N] [--threads N]");
      System.exit(2);
      return;
    }
    serve(socket.toAbsolutePath(), options);
  }

  private static void serve(Path socket, DemoOptions options) throws Exception {
    Path work = options.work().toAbsolutePath();
    WorkDirectory.reset(work);
    DerbySettings.apply(work);
    Bank bank = Bank.open(work.resolve("live/bank"), options.accounts(), DemoOptions.BALANCE);
    Coordinator coordinator =
        Guice.createInjector(
                Stage.PRODUCTION,
                QuiesceModule.builder()
                    .snapshotProvider(new CopySnapshotProvider(work.resolve("shadow")))
                    .build(),
                WritersModule.of(BankWriter.class),
                binder -> binder.bind(Bank.class).toInstance(bank))
            .getInstance(Coordinator.class);
    TransferLoad load = TransferLoad.start(bank, options.accounts(), options.threads());
    QuiesceDaemon.start(coordinator, DaemonOptions.at(socket)); // closed with the coordinator
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Closes the daemon first (it registered itself), then ends open sessions.
                  coordinator.close();
                  try {
                    load.stop();
                    bank.shutdown();
                  } catch (Exception e) {
                    System.err.println("stopping the bank: " + e);
                  }
                  stopped.countDown();
                }));
    System.out.printf(
        "Bank on Derby (%d accounts, %d transfer threads) serving backups at %s%n"
            + "back it up from another terminal:%n"
            + "  bin/quiesce backup --socket %s --to /tmp/bank-backup-1%n"
            + "stop with Ctrl-C%n",
        options.accounts(), options.threads(), socket, socket);
    stopped.await();
  }
}
