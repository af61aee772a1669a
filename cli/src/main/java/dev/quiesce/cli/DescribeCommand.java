package dev.quiesce.cli;

import dev.quiesce.runtime.archive.ArchiveReader;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.set.SetArchive;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quiesce describe}: what an archive holds, for a person or a script. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    header = "Shows what an archive holds.",
    description = {
      "Shows an archive's manifest: its writers and components, the snapshot set, whether the"
          + " writers were quiesced, when it was taken, how long they were frozen, and sizes.",
      "A set archive (set-manifest.json) is shown part by part.",
      "Reads the manifests only; 'quiesce verify' checks the files."
    })
final class DescribeCommand implements Callable<Integer> {
  @Option(names = "--archive", paramLabel = "DIR", required = true, description = "the archive")
  Path archive;

  @Option(names = "--json", description = "print JSON, for scripts")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (SetArchive.isSet(archive)) {
      SetSummary set = SetSummary.of(archive);
      PrintWriter out = spec.commandLine().getOut();
      out.print(json ? Json.write(set) + System.lineSeparator() : set.text());
      out.flush();
      return QuiesceCommand.OK;
    }
    Manifest m = ArchiveReader.readManifest(archive);
    ArchiveSummary summary = ArchiveSummary.of(archive.toAbsolutePath().toString(), m);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? Json.write(summary) + System.lineSeparator() : summary.text());
    out.flush();
    return QuiesceCommand.OK;
  }
}
