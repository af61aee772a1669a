package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.WriterMetadata;
import java.util.List;
import java.util.Objects;

/**
 * One writer's part of a backup: its metadata and, for each selected component, its files.
 *
 * @param metadata the writer's metadata, from Identify
 * @param components the selected components with their files, in order
 */
public record WriterFiles(WriterMetadata metadata, List<ComponentFiles> components) {
  /** Checks the fields and copies the list. */
  public WriterFiles {
    Objects.requireNonNull(metadata, "metadata");
    components = List.copyOf(components);
  }
}
