package dev.quiesce.cli;

import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quiesce restore}: an archive back into an application, or into a directory. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    header = "Restores an archive into the application, or under a directory.",
    description = {
      "Verifies every file of the archive, checks every place it would write, and only then tells"
          + " the writers (PreRestore), restores, and tells them it is done (PostRestore).",
      "Without --to, files go back to their original paths, and only into the file sets the"
          + " running writers declare now. With --to, each original path is re-created under DIR."
    })
final class RestoreCommand implements Callable<Integer> {
  @Mixin DaemonOption daemon;

  @Option(names = "--from", paramLabel = "DIR", required = true, description = "the archive")
  Path from;

  @Option(
      names = "--to",
      paramLabel = "DIR",
      description = "restore under this directory instead of to the original paths")
  Path to;

  @Option(
      names = "--component-to",
      paramLabel = "WRITER/COMPONENT=DIR",
      description =
          "restore this component under DIR instead (a new target; its writer is told); repeat for"
              + " several")
  Map<String, Path> componentTargets = new LinkedHashMap<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Optional<Path> target = Optional.ofNullable(to);
    RestoreResult result;
    try (RemoteCoordinator coordinator = daemon.connect()) {
      result =
          new BackupApplication(coordinator)
              .restore(
                  from,
                  target,
                  newTargets(),
                  Progress.of("restoring", spec.commandLine().getErr()));
    }
    spec.commandLine()
        .getOut()
        .printf(
            "restored snapshot set %s: %d files, %s%s%s%n",
            result.manifest().snapshotSetId(),
            result.restored().size(),
            Text.bytes(result.bytes()),
            result.skipped().isEmpty() ? "" : ", " + result.skipped().size() + " left as they were",
            target
                .map(t -> " under " + Text.safe(t.toAbsolutePath().toString()))
                .orElse(" to their original paths"));
    return QuiesceCommand.OK;
  }

  /** The {@code --component-to} options as components and their directories. */
  private Map<ComponentRef, Path> newTargets() {
    Map<ComponentRef, Path> targets = new LinkedHashMap<>();
    componentTargets.forEach(
        (name, dir) -> {
          int slash = name.indexOf('/');
          if (slash <= 0 || slash == name.length() - 1) {
            throw new IllegalArgumentException(
                "--component-to takes WRITER/COMPONENT=DIR, not '" + name + "=" + dir + "'");
          }
          targets.put(
              new ComponentRef(name.substring(0, slash), name.substring(slash + 1)),
              dir.toAbsolutePath().normalize());
        });
    return targets;
  }
}
