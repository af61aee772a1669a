package dev.quiesce.runtime.daemon;

import dev.quiesce.api.metadata.FileSet;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.ComponentRef;
import java.nio.file.Path;
import java.util.List;

/**
 * What a remote requestor may snapshot: paths inside the file sets of the components its backup
 * selected. Being allowed to drive backups must not make the daemon copy, for another user, files
 * that no writer offered (the daemon may be able to read far more than the requestor).
 */
final class SnapshotScope {
  private SnapshotScope() {}

  /**
   * @throws IllegalArgumentException naming the first path outside every selected component
   */
  static void check(List<WriterMetadata> writers, List<ComponentRef> selected, List<Path> paths) {
    List<Path> roots =
        writers.stream()
            .flatMap(
                w ->
                    w.components().stream()
                        .filter(c -> selected.contains(new ComponentRef(w.writerName(), c.name())))
                        .flatMap(c -> c.fileSets().stream())
                        .map(FileSet::root))
            .map(p -> p.toAbsolutePath().normalize())
            .toList();
    for (Path path : paths) {
      Path p = path.toAbsolutePath().normalize();
      if (roots.stream().noneMatch(p::startsWith)) {
        throw new IllegalArgumentException(
            p
                + " is outside the components this backup selected "
                + selected
                + "; a remote requestor may snapshot only their files "
                + roots);
      }
    }
  }
}
