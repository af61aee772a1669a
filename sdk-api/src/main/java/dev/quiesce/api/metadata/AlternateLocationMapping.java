package dev.quiesce.api.metadata;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where files of a file set may be restored when they cannot go back to their original place (VSS's
 * {@code AddAlternateLocationMapping}), used at restore only. A restore with the {@link
 * RestoreMethod#RESTORE_TO_ALTERNATE_LOCATION} method puts the files of {@link #files()} under
 * {@link #destination()}, keeping their path relative to the set's root.
 *
 * @param files the files the mapping covers; the set must be one a component declares
 * @param destination the directory they are restored under, absolute and normalized
 */
public record AlternateLocationMapping(FileSet files, Path destination) {
  /** Checks the fields and makes the destination absolute. */
  public AlternateLocationMapping {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(destination, "destination");
    destination = destination.toAbsolutePath().normalize();
  }

  /** Where {@code file} of {@link #files()} goes: the same path relative to the set's root. */
  public Path map(Path file) {
    return destination.resolve(files.root().relativize(file.toAbsolutePath().normalize()));
  }
}
