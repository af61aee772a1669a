package dev.quiesce.cli;

import dev.quiesce.api.BackupType;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiescePolicy;
import dev.quiesce.runtime.archive.BackupComponents;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.backup.BackupReport;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import dev.quiesce.set.SetBackup;
import dev.quiesce.set.SetManifest;
import dev.quiesce.set.SetReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quiesce backup}: a backup of an application's writers into a new archive. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    header = "Backs up an application's writers into a new archive.",
    description = {
      "Backs up the application's writers into a new archive directory: freezes them, takes the"
          + " snapshot, thaws them, then writes every file and a manifest with their checksums.",
      "The writers are told the backup is complete only once the archive is whole on disk.",
      "With --socket given more than once, backs up several applications as one snapshot set:"
          + " every writer of every application frozen at once (FRONT_END everywhere before"
          + " BACK_END anywhere), DIR then holds set-manifest.json and one archive per application"
          + " in parts/NAME/.",
      "With --zookeeper and --cluster, backs up every live member of that cluster (applications"
          + " on any host that joined it with ClusterMember) as one snapshot set the same way; each"
          + " member writes its own part, so DIR must be the same shared directory for all."
    })
final class BackupCommand implements Callable<Integer> {
  @Option(
      names = "--socket",
      paramLabel = "[NAME=]PATH",
      description =
          "the Unix socket the application's QuiesceDaemon serves; repeat for a snapshot set over"
              + " several applications, each named NAME (default: the socket's file name without"
              + " its extension)")
  List<String> sockets;

  @Option(
      names = "--freeze-window",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "with several sockets: how long any application may stay frozen, from its first Freeze"
              + " (default: ${DEFAULT-VALUE})")
  long freezeWindowSeconds;

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

  @CommandLine.Mixin ClusterOption cluster;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (cluster.given() == (sockets != null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --socket PATH, or --zookeeper CONNECT --cluster NAME");
    }
    boolean set = cluster.given() || sockets.size() > 1;
    if (set
        && (base != null || type == BackupType.INCREMENTAL || type == BackupType.DIFFERENTIAL)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--base and --type INCREMENTAL|DIFFERENTIAL work with one --socket: a snapshot set over"
              + " several applications is backed up whole");
    }
    if (cluster.given() && (!writers.isEmpty() || crashConsistent || type != BackupType.FULL)) {
      // Members back up their own writers, fully, under the fail policy: nothing carries these
      // options to them yet, so they are refused rather than silently ignored.
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--writer, --crash-consistent and --type are not carried to the members of a ZooKeeper"
              + " cluster yet: a set across hosts backs up every writer of every member, fully,"
              + " failing on any quiesce failure; leave them out");
    }
    if (cluster.given()) {
      return ClusterCommands.backup(
          cluster, to, Duration.ofSeconds(freezeWindowSeconds), spec.commandLine().getOut());
    }
    BackupOptions options = BackupOptions.full().withBackupType(type);
    if (!writers.isEmpty()) {
      options = options.onlyWriters(writers.toArray(String[]::new));
    }
    if (crashConsistent) {
      options = options.onQuiesceFailure(QuiescePolicy.CONTINUE_CRASH_CONSISTENT);
    }
    if (sockets.size() > 1) {
      return backupSet(options);
    }
    BackupReport report;
    try (RemoteCoordinator coordinator =
        RemoteCoordinator.connect(
            SetSockets.Named.parse(sockets.get(0)).socket(), DaemonOption.REQUESTOR_NAME)) {
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

  private int backupSet(BackupOptions options) throws Exception {
    if (freezeWindowSeconds <= 0) {
      throw new IllegalArgumentException("--freeze-window must be positive");
    }
    SetReport report;
    try (SetSockets set = SetSockets.connect(sockets, DaemonOption.REQUESTOR_NAME)) {
      report =
          new SetBackup(
                  set.members(),
                  Duration.ofSeconds(freezeWindowSeconds),
                  SetBackup.DEFAULT_STEP_TIMEOUT)
              .backup(options, to, Progress.of("writing the parts", spec.commandLine().getErr()));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "snapshot set %s over %d applications: writers held at most %d ms, in %s%n",
        report.id(),
        report.parts().size(),
        report.globalFreeze().toMillis(),
        Text.safe(to.toAbsolutePath().toString()));
    for (SetManifest.Part part : report.manifest().parts()) {
      Manifest m = report.parts().get(part.member());
      out.printf(
          "  %s: %s, %d files, %s%n",
          Text.safe(part.member()),
          Outcomes.describe(m),
          m.files().size(),
          Text.bytes(m.totalBytes()));
    }
    out.flush();
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
