package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.WriterMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a restore writes: to the files' original paths, which requires what the running writers
 * declare now, or re-rooted under a directory. There is no way to restore to original paths on the
 * archive's word alone: a manifest is checksummed, not signed, and could claim a file set anywhere.
 */
public sealed interface RestoreTarget {
  /**
   * To the original paths, but only into the file sets that the running writers declare now: every
   * entry must lie inside a file set of the same component of a writer of {@code live} with the
   * same id and instance, and not be excluded by it.
   *
   * @param live the writers' metadata from this restore's Identify
   */
  static RestoreTarget originalPaths(List<WriterMetadata> live) {
    return new OriginalPaths(live);
  }

  /** Re-rooted under {@code directory}: {@code /var/db/a} goes to {@code directory/var/db/a}. */
  static RestoreTarget under(Path directory) {
    return new Under(directory.toAbsolutePath().normalize());
  }

  /**
   * The original paths, checked against the running writers.
   *
   * @param live the writers' metadata from this restore's Identify
   */
  record OriginalPaths(List<WriterMetadata> live) implements RestoreTarget {
    /** Copies the list. */
    public OriginalPaths {
      live = List.copyOf(live);
    }
  }

  /**
   * A directory the original paths are re-rooted under.
   *
   * @param directory absolute and normalized
   */
  record Under(Path directory) implements RestoreTarget {
    /** Checks the directory is absolute and normalized. */
    public Under {
      Objects.requireNonNull(directory, "directory");
      if (!directory.isAbsolute() || !directory.normalize().equals(directory)) {
        throw new IllegalArgumentException(
            "the target directory must be absolute and normalized: " + directory);
      }
    }
  }
}
