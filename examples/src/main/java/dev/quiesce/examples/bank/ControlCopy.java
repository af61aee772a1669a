package dev.quiesce.examples.bank;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The control of the demo: the database copied by the same snapshot provider, but without its
 * writer, so without freezing. What a backup tool that knows nothing of the application gets.
 */
final class ControlCopy {
  private ControlCopy() {}

  /** Copies the live database into {@code copyDir} through {@code provider}, unfrozen. */
  static Path take(Bank bank, SnapshotProvider provider, Path copyDir) throws IOException {
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(bank.directory()))) {
      copyTree(snapshot.pathOf(bank.directory()), copyDir);
    }
    return copyDir;
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
