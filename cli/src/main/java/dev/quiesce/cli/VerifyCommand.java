package dev.quiesce.cli;

import dev.quiesce.runtime.archive.ArchiveChain;
import dev.quiesce.runtime.archive.Manifest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quiesce verify}: checks an archive, with no daemon. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Checks every file of an archive against its manifest.",
    description =
        "Checks every file of an archive against its manifest (size and SHA-256), and that the"
            + " archive holds nothing else: no extra, missing, linked or special file. An"
            + " incremental or differential archive is checked with its whole chain: every earlier"
            + " archive it builds on must be there, unchanged, and hold what it keeps from them."
            + " Needs no daemon.")
final class VerifyCommand implements Callable<Integer> {
  @Option(names = "--archive", paramLabel = "DIR", required = true, description = "the archive")
  Path archive;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Manifest m =
        ArchiveChain.verify(archive, Progress.of("verifying", spec.commandLine().getErr()))
            .newest()
            .manifest();
    spec.commandLine()
        .getOut()
        .printf(
            "archive %s is whole: snapshot set %s, %d files, %s, %s%s%n",
            Text.safe(archive.toAbsolutePath().toString()),
            m.snapshotSetId(),
            m.files().size(),
            Text.bytes(m.totalBytes()),
            Outcomes.describe(m),
            BackupCommand.chain(m));
    return QuiesceCommand.OK;
  }
}
