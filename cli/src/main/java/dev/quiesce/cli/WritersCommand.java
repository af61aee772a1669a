package dev.quiesce.cli;

import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quiesce writers}: the {@code vssadmin list writers} view of an application. */
@Command(
    name = "writers",
    mixinStandardHelpOptions = true,
    header = "Lists the application's writers and their state.",
    description = {
      "Lists the application's writers and the state of each as of its latest session.",
      "",
      "Columns: WRITER the writer's name (and instance); STATE its state, with the number VSS"
          + " gives it (1 STABLE is idle and well; FAILED_AT_<event> names the event that failed);"
          + " LAST SESSION the session that state belongs to; LAST FAILURE the kind and message of"
          + " that session's failure.",
      "With --zookeeper and --cluster: the cluster's live members, their hosts and writers."
    })
final class WritersCommand implements Callable<Integer> {
  @Mixin DaemonOption daemon;

  @Mixin ClusterOption cluster;

  @Option(names = "--json", description = "print a JSON array, for scripts")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (cluster.given()) {
      return ClusterCommands.writers(cluster, spec.commandLine().getOut());
    }
    List<WriterStatus> writers;
    try (RemoteCoordinator coordinator = daemon.connect()) {
      writers = coordinator.writers();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.writers(writers));
    } else {
      out.print(WriterTable.of(writers));
    }
    out.flush();
    return QuiesceCommand.OK;
  }
}
