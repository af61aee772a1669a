package dev.quiesce.examples.bank;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The control of the demo: the database copied by the same kind of snapshot provider (the copy
 * provider, each copy whole: it links nothing from a last copy), but without its writer, so without
 * freezing. What a backup tool that knows nothing of the application gets.
 *
 * <p>Such a copy may fail outright (Derby deletes an old log file while it is copied, a file the
 * copy then lacks, or the provider gives up): that is the point of the control, so a failure is a
 * broken copy to count, never an error that ends the demo.
 */
final class ControlCopy {
  private ControlCopy() {}

  /**
   * What one control copy gave.
   *
   * @param directory where the copy is, when there is one
   * @param failure why there is none
   * @param vanished how many files vanished between the provider's listing and its copy
   */
  record Taken(Optional<Path> directory, Optional<String> failure, int vanished) {
    static Taken failed(String why) {
      return new Taken(Optional.empty(), Optional.of(why), 0);
    }

    /** Whether the copy could not be made at all. */
    boolean failed() {
      return directory.isEmpty();
    }
  }

  /**
   * Copies the live database {@code database} into {@code copyDir} through {@code provider},
   * unfrozen. Never throws for a copy that fails: returns the failure.
   */
  static Taken take(Path database, SnapshotProvider provider, Path copyDir) {
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(database))) {
      copyTree(snapshot.pathOf(database), copyDir);
      return new Taken(Optional.of(copyDir), Optional.empty(), snapshot.vanished().size());
    } catch (IOException | RuntimeException e) {
      return Taken.failed(e.toString());
    }
  }

  /** Puts a control copy into {@code directory}, as a restore would put the database there. */
  static void restore(Path copyDir, Path directory) throws IOException {
    copyTree(copyDir, directory);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.sorted().toList()) {
        Path copy = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else if (!file.getFileName().toString().endsWith(".lck")) {
          Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
