package dev.quiesce.examples.bank;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.WritersModule;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.TerminalProgress;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.backup.BackupReport;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo behind the README's first command: a bank on embedded Derby under continuous transfers,
 * backed up again and again while the transfers run, every backup restored into a fresh directory,
 * opened with Derby, checked table by table, and its invariant (the sum of all balances) checked.
 *
 * <p>As a control it also copies the same database the same way without its writer, that is without
 * freezing it, and reports how often such a copy fails to open or breaks the invariant.
 *
 * <p>Usage: {@code BankDemo [--backups N] [--accounts N] [--threads N] [--work DIR]}.
 */
public final class BankDemo {
  private final DemoOptions options;
  private final PrintStream out;

  private BankDemo(DemoOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /**
   * Runs the demo; exits with 0 when every backup restored consistent, 1 otherwise, 2 on misuse.
   */
  public static void main(String[] args) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    DemoResult result = new BankDemo(options, System.out).run();
    System.exit(result.allConsistent() ? 0 : 1);
  }

  /** Runs the demo, printing to {@code out}. */
  public static DemoResult run(DemoOptions options, PrintStream out) throws Exception {
    return new BankDemo(options, out).run();
  }

  private DemoResult run() throws Exception {
    Path work = options.work().toAbsolutePath();
    WorkDirectory.reset(work);
    DerbySettings.apply(work);
    Bank bank = Bank.open(work.resolve("live/bank"), options.accounts(), DemoOptions.BALANCE);
    long expectedTotal = (long) options.accounts() * DemoOptions.BALANCE;
    CopySnapshotProvider provider = new CopySnapshotProvider(work.resolve("shadow"));
    // The control copies everything each time, as a tool that knows nothing of the bank would: it
    // links nothing from the backups' last copy (and so is not made shorter, or luckier, by it).
    CopySnapshotProvider controlProvider =
        CopySnapshotProvider.builder()
            .shadowRoot(work.resolve("control-shadow"))
            .deleteEachCopy()
            .build();
    Injector injector =
        Guice.createInjector(
            Stage.PRODUCTION,
            QuiesceModule.builder().snapshotProvider(provider).build(),
            WritersModule.of(BankWriter.class),
            binder -> binder.bind(Bank.class).toInstance(bank));
    BackupApplication app = injector.getInstance(BackupApplication.class);

    out.printf(
        "Bank on Derby: %d accounts, %d transfer threads; %d backups under load.%n",
        options.accounts(), options.threads(), options.backups());
    TransferLoad load = TransferLoad.start(bank, options.accounts(), options.threads());
    List<Path> backups = new ArrayList<>();
    List<ControlCopy.Taken> controls = new ArrayList<>();
    try {
      for (int i = 1; i <= options.backups(); i++) {
        load.awaitMoreTransfers(options.transfersBetweenBackups());
        Path archive = work.resolve("archives/backup-" + i);
        BackupReport report = app.backup(BackupOptions.full(), archive, progress());
        backups.add(archive);
        out.printf(
            "backup %2d: snapshot set %s, frozen %d ms, %d files, %d transfers so far%n",
            i,
            report.manifest().snapshotSetId(),
            report.manifest().timings().freezeWindow().toMillis(),
            report.manifest().files().size(),
            load.transfers());
        ControlCopy.Taken control =
            ControlCopy.take(
                bank.directory(), controlProvider, work.resolve("archives/control-" + i));
        if (control.failed()) {
          out.printf(
              "control %2d: the unfrozen copy failed: %s%n", i, control.failure().orElseThrow());
        }
        controls.add(control);
      }
    } finally {
      load.stop();
    }

    int consistent = 0;
    for (int i = 0; i < backups.size(); i++) {
      Path target = work.resolve("restored/backup-" + (i + 1));
      app.restore(backups.get(i), Optional.of(target), ProgressListener.none());
      ConsistencyCheck.Verdict verdict =
          ConsistencyCheck.check(rerooted(target, bank.directory()), expectedTotal);
      out.printf(
          "restore %2d: %s%n", i + 1, verdict.consistent() ? "consistent" : verdict.detail());
      if (verdict.consistent()) {
        consistent++;
      }
    }
    int broken = 0;
    for (int i = 0; i < controls.size(); i++) {
      Path restored = rerooted(work.resolve("restored/control-" + (i + 1)), bank.directory());
      if (!controlConsistent(controls.get(i), restored, expectedTotal)) {
        broken++;
      }
    }
    injector.getInstance(Coordinator.class).close();
    bank.shutdown();
    DemoResult result = new DemoResult(backups.size(), consistent, controls.size(), broken);
    out.printf("%d/%d backups restored and consistent%n", consistent, backups.size());
    out.printf(
        "control, the same copy without the writer: %d/%d copies failed to open or broke the"
            + " invariant%n",
        broken, controls.size());
    return result;
  }

  /**
   * Whether a control copy opens and keeps the invariant. A copy that could not be made, or not be
   * put back, is broken: the control counts it, it does not end the demo.
   */
  private static boolean controlConsistent(
      ControlCopy.Taken control, Path restored, long expectedTotal) {
    if (control.failed()) {
      return false;
    }
    try {
      ControlCopy.restore(control.directory().orElseThrow(), restored);
      return ConsistencyCheck.check(restored, expectedTotal).consistent();
    } catch (IOException | RuntimeException e) {
      // A copy that cannot even be put back is as broken as one that does not open.
      return false;
    }
  }

  private ProgressListener progress() {
    return TerminalProgress.on(out);
  }

  /** Where a restore under {@code target} puts {@code original}: its absolute path below it. */
  private static Path rerooted(Path target, Path original) {
    return target.resolve(original.getRoot().relativize(original));
  }

  /** How the demo went. */
  public record DemoResult(int backups, int consistent, int controls, int controlsBroken) {
    /** Whether every backup restored into a consistent bank. */
    public boolean allConsistent() {
      return backups > 0 && consistent == backups;
    }
  }
}
