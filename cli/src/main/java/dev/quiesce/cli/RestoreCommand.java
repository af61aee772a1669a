package dev.quiesce.cli;

import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import dev.quiesce.set.SetArchive;
import dev.quiesce.set.SetManifest;
import dev.quiesce.set.SetVerifier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
          + " running writers declare now. With --to, each original path is re-created under DIR.",
      "From a set archive, --member NAME restores that member's part, to the daemon of that"
          + " member's application given with --socket."
    })
final class RestoreCommand implements Callable<Integer> {
  @Mixin DaemonOption daemon;

  @Option(names = "--from", paramLabel = "DIR", required = true, description = "the archive")
  Path from;

  @Option(
      names = "--member",
      paramLabel = "NAME",
      description =
          "restore this member's part of a set archive (the set is verified whole first); needed"
              + " for a set, refused for a single archive")
  String member;

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
    Path archive = archiveToRestore();
    RestoreResult result;
    try (RemoteCoordinator coordinator = daemon.connect()) {
      result =
          new BackupApplication(coordinator)
              .restore(
                  archive,
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

  /**
   * The archive to restore: {@code --from} itself, or a member's part of a set once the whole set
   * verified (a part whose digest the set manifest does not pin is refused before any writer hears
   * of the restore).
   */
  private Path archiveToRestore() throws Exception {
    if (!SetArchive.isSet(from)) {
      if (member != null) {
        throw new IllegalArgumentException(
            from + " is a single archive, not a set: --member is for a set archive");
      }
      return from;
    }
    SetManifest manifest = SetArchive.readManifest(from);
    List<String> members = manifest.parts().stream().map(SetManifest.Part::member).toList();
    if (member == null || manifest.part(member).isEmpty()) {
      throw new IllegalArgumentException(
          from
              + " is a set archive: say which member's part to restore with --member NAME, one of "
              + members);
    }
    SetVerifier.verify(from, Progress.of("verifying the set", spec.commandLine().getErr()));
    return SetArchive.partDir(from, member);
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
