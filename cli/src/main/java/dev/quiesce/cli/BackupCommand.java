package dev.quiesce.cli;

import dev.quiesce.api.BackupType;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiescePolicy;
import dev.quiesce.runtime.archive.BackupComponents;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.backup.BackupReport;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quiesce backup}: a backup of an application's writers into a new archive. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    header = "Backs up an application's writers into a new archive.",
    description = {
      "Backs up the application's writers into a new archive directory: freezes them, takes the"
          + " snapshot, thaws them, then writes every file and a manifest with their checksums.",
      "The writers are told the backup is complete only once the archive is whole on disk."
    })
final class BackupCommand implements Callable<Integer> {
  @Mixin DaemonOption daemon;

  @Option(
      names = "--to",
      paramLabel = "DIR",
      required = true,
      description = "the archive directory: new, or empty")
  Path to;

  @Option(
      names = "--writer",
      paramLabel = "NAME",
      description = "back up only this writer (repeat for several); default: every writer")
  List<String> writers = List.of();

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      defaultValue = "FULL",
      description =
          "the backup type told to the writers: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE});"
              + " INCREMENTAL and DIFFERENTIAL store only what changed since --base")
  BackupType type;

  @Option(
      names = "--base",
      paramLabel = "DIR",
      description =
          "the archive an INCREMENTAL or DIFFERENTIAL backup builds on (a differential builds on"
              + " the last full backup of its chain)")
  Path base;

  @Option(
      names = "--crash-consistent",
      description =
          "go on without writers that fail to quiesce; the archive records that it is only"
              + " crash-consistent for them (default: such a backup fails)")
  boolean crashConsistent;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    BackupOptions options = BackupOptions.full().withBackupType(type);
    if (!writers.isEmpty()) {
      options = options.onlyWriters(writers.toArray(String[]::new));
    }
    if (crashConsistent) {
      options = options.onQuiesceFailure(QuiescePolicy.CONTINUE_CRASH_CONSISTENT);
    }
    BackupReport report;
    try (RemoteCoordinator coordinator = daemon.connect()) {
      report =
          new BackupApplication(coordinator)
              .backup(
                  options,
                  Optional.ofNullable(base),
                  to,
                  Progress.of("writing the archive", spec.commandLine().getErr()));
    }
    Manifest m = report.manifest();
    spec.commandLine()
        .getOut()
        .printf(
            "backup %s: snapshot set %s, %s, writers frozen %d ms, %d files, %s in %s%s%n",
            report.session(),
            m.snapshotSetId(),
            Outcomes.describe(m),
            m.timings().freezeWindow().toMillis(),
            m.files().size(),
            Text.bytes(m.totalBytes()),
            Text.safe(to.toAbsolutePath().toString()),
            chain(m));
    return QuiesceCommand.OK;
  }

  /** For a backup built on others: its type and how many files it keeps from them. */
  static String chain(Manifest m) {
    BackupComponents b = m.backupComponents();
    if (b.chain().isEmpty()) {
      return "";
    }
    return "; "
        + b.backupType()
        + " on a chain of "
        + b.chain().size()
        + (b.chain().size() == 1 ? " archive" : " archives")
        + ", "
        + b.carried().size()
        + " unchanged files kept from it";
  }
}
