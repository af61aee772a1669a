package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.WriterMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The files of one selected component to put in an archive, by their original paths.
 *
 * @param component the component's name
 * @param files the files' original (not snapshot) paths
 */
public record ComponentFiles(String component, List<Path> files) {
  /** Checks the fields and copies the list. */
  public ComponentFiles {
    Objects.requireNonNull(component, "component");
    files = List.copyOf(files);
  }

  /**
   * Lists the files of a component as they are in a snapshot: the regular files matched by its file
   * sets and not excluded by the writer, found by walking the snapshot's copy of each file set's
   * root. Symbolic links and special files are left out (logged as warnings): archives hold regular
   * files only.
   *
   * @param metadata the writer's metadata
   * @param component the component's name
   * @param snapshotPathOf where the snapshot holds the copy of an original path ({@code
   *     snapshot::pathOf})
   * @throws IllegalArgumentException if the writer has no such component
   * @throws IOException if a snapshot directory cannot be read
   */
  public static ComponentFiles scan(
      WriterMetadata metadata, String component, Function<Path, Path> snapshotPathOf)
      throws IOException {
    return FileSetScanner.scan(metadata, component, snapshotPathOf);
  }
}
