package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.AlternateLocationMapping;
import dev.quiesce.api.metadata.Component;
import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.api.metadata.WriterMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Places a file by its running writer's alternate location mappings (VSS's {@code
 * AddAlternateLocationMapping}), for a restore to original paths: always under {@link
 * RestoreMethod#RESTORE_TO_ALTERNATE_LOCATION}, and under {@link
 * RestoreMethod#RESTORE_IF_CAN_REPLACE} when the original cannot be replaced. Only the mappings the
 * writer declares now count: the archive's copy of its metadata could name any destination.
 */
final class AlternatePlacement {
  private AlternatePlacement() {}

  /**
   * Where a file goes, or why it cannot go anywhere.
   *
   * @param target where it is written, if it may be
   * @param mapping the mapping that placed it, if one did
   * @param problem what stops it, if anything
   */
  record Placed(Path target, Optional<AlternateLocationMapping> mapping, String problem) {
    static Placed refused(String problem) {
      return new Placed(null, Optional.empty(), problem);
    }
  }

  /**
   * Where {@code entry} of {@code running}'s files goes under its mappings: the first mapping whose
   * file set holds the file's original path. The place must not be a file that a running writer
   * ({@code allRunning}) declares: an alternate location is there not to restore over live data.
   */
  static Placed place(WriterMetadata running, List<WriterMetadata> allRunning, FileEntry entry) {
    Path original = entry.originalPath();
    Optional<AlternateLocationMapping> mapping =
        running.alternateLocationMappings().stream()
            .filter(m -> m.files().matches(original))
            .findFirst();
    if (running.alternateLocationMappings().isEmpty()) {
      return Placed.refused(
          "writer '"
              + running.writerName()
              + "' restores to its alternate locations ("
              + running.restoreMethod()
              + ") but declares no alternate location mapping: refused; declare"
              + " alternateLocationMapping at Identify, or restore under a directory (--to DIR)");
    }
    if (mapping.isEmpty()) {
      return Placed.refused(
          "writer '"
              + running.writerName()
              + "' restores to its alternate locations ("
              + running.restoreMethod()
              + "), but none of its alternate location mappings "
              + running.alternateLocationMappings().stream()
                  .map(
                      m ->
                          m.files().root()
                              + "/"
                              + m.files().filespec()
                              + (m.files().recursive() ? " recursive" : "")
                              + " -> "
                              + m.destination())
                  .toList()
              + " holds "
              + original
              + ": refused; declare a mapping for it, or restore under a directory (--to DIR)");
    }
    AlternateLocationMapping m = mapping.get();
    Path destination = m.destination();
    Path target = m.map(original).normalize();
    if (!target.startsWith(destination) || target.equals(destination)) {
      return Placed.refused(
          "its alternate location "
              + target
              + " is outside the mapping's destination "
              + destination
              + ": refused");
    }
    for (Path dir = target.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.isSymbolicLink(dir)) {
        return Placed.refused(
            dir
                + " is a symbolic link on the way to the alternate location "
                + target
                + " (mapping destination "
                + destination
                + "); restoring through it could write anywhere: remove it, or map to a real"
                + " directory");
      }
      if (dir.equals(destination)) {
        break;
      }
    }
    for (WriterMetadata writer : allRunning) {
      for (Component component : writer.components()) {
        if (FileSetScanner.covers(writer, component, target)) {
          return Placed.refused(
              "its alternate location "
                  + target
                  + " is among the files writer '"
                  + writer.writerName()
                  + "' declares for component '"
                  + component.name()
                  + "': an alternate location does not restore over live data; map it elsewhere");
        }
      }
    }
    return new Placed(target, mapping, null);
  }

  /**
   * Whether a file should go to its alternate location instead of {@code original}: {@link
   * RestoreMethod#RESTORE_IF_CAN_REPLACE} and the original cannot be replaced ({@code problem} is
   * set, or its directory exists and is not writable).
   */
  static boolean cannotReplace(Path original, String problem) {
    if (problem != null) {
      return true;
    }
    Path dir = original.getParent();
    return dir != null && Files.isDirectory(dir) && !Files.isWritable(dir);
  }

  /** The deepest directory holding both: what a writer is told its files went under. */
  static Path commonDirectory(Path a, Path b) {
    Path common = a;
    while (common != null && !b.startsWith(common)) {
      common = common.getParent();
    }
    return common == null ? a.getRoot() : common;
  }
}
