package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.WriterMetadata;
import java.util.List;
import java.util.Objects;

/**
 * One writer in a backup: its metadata as it reported at Identify (components, file sets, excluded
 * files, restore method) and which of its components the backup holds.
 *
 * @param metadata the writer's metadata document
 * @param selectedComponents the names of the components backed up, each one of the metadata's
 */
public record WriterEntry(WriterMetadata metadata, List<String> selectedComponents) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if a selected component is not in the metadata, or is named
   *     twice
   */
  public WriterEntry {
    Objects.requireNonNull(metadata, "metadata");
    selectedComponents = List.copyOf(selectedComponents);
    for (String name : selectedComponents) {
      if (metadata.component(name).isEmpty()) {
        throw new IllegalArgumentException(
            "writer '"
                + metadata.writerName()
                + "' has no component '"
                + name
                + "'; its components are "
                + metadata.components().stream().map(c -> c.name()).toList());
      }
    }
    if (selectedComponents.stream().distinct().count() != selectedComponents.size()) {
      throw new IllegalArgumentException(
          "writer '"
              + metadata.writerName()
              + "' selects a component twice: "
              + selectedComponents);
    }
  }

  /** Whether {@code file} belongs to this writer (same id and instance). */
  boolean isFor(FileEntry file) {
    return metadata.writerId().equals(file.writerId())
        && metadata.instanceName().equals(file.instanceName());
  }
}
