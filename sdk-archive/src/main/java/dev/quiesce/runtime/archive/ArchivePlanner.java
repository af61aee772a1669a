package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.Component;
import dev.quiesce.api.metadata.WriterMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Checks an {@link ArchiveRequest} and decides where each file goes in the archive ({@code
 * data/<writer>[@<instance>]/<component>/<original path>}), before the disk is touched.
 */
final class ArchivePlanner {
  private ArchivePlanner() {}

  /** A file to archive, before it is copied. */
  record Planned(
      UUID writerId, String instanceName, String component, Path original, String archivePath) {}

  /** Checks the request and decides each file's archive path, before touching the disk. */
  static List<Planned> plan(ArchiveRequest request) {
    List<Planned> plan = new ArrayList<>();
    Set<String> writerDirs = new HashSet<>();
    Set<String> writers = new HashSet<>();
    for (WriterFiles writer : request.writers()) {
      WriterMetadata metadata = writer.metadata();
      String who = metadata.writerName() + describeInstance(metadata.instanceName());
      if (!writers.add(metadata.writerId() + "/" + metadata.instanceName())) {
        throw new IllegalArgumentException("writer " + who + " is in the request twice");
      }
      String writerDir = uniqueDir(writerDirs, writerDirName(metadata));
      // Fails here, before the disk is touched, if a selected component is not the writer's.
      new WriterEntry(
          metadata, writer.components().stream().map(ComponentFiles::component).toList());
      for (ComponentFiles selected : writer.components()) {
        Component component = metadata.component(selected.component()).orElseThrow();
        String dir =
            ArchivePaths.DATA + "/" + writerDir + "/" + ArchivePaths.safeName(component.name());
        for (Path file : new LinkedHashSet<>(selected.files())) {
          ArchivePaths.originalProblem(file)
              .ifPresent(
                  problem -> {
                    throw new IllegalArgumentException(
                        "writer " + who + ", component " + component.name() + ": " + problem);
                  });
          if (!component.contains(file)) {
            throw new IllegalArgumentException(
                file
                    + " is not in the file sets of component "
                    + component.name()
                    + " of writer "
                    + who
                    + ": "
                    + component.fileSets());
          }
          if (metadata.isExcluded(file)) {
            throw new IllegalArgumentException(
                file + " is excluded by writer " + who + ": leave it out of the file list");
          }
          plan.add(
              new Planned(
                  metadata.writerId(),
                  metadata.instanceName(),
                  component.name(),
                  file,
                  ArchivePaths.of(dir, file)));
        }
      }
    }
    return plan;
  }

  private static String writerDirName(WriterMetadata metadata) {
    String name = ArchivePaths.safeName(metadata.writerName());
    return metadata.instanceName().isEmpty()
        ? name
        : name + "@" + ArchivePaths.safeName(metadata.instanceName());
  }

  private static String uniqueDir(Set<String> used, String name) {
    String candidate = name;
    for (int n = 2; !used.add(candidate); n++) {
      candidate = name + "-" + n;
    }
    return candidate;
  }

  private static String describeInstance(String instance) {
    return instance.isEmpty() ? "" : " (instance " + instance + ")";
  }
}
