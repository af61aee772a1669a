package dev.quiesce.runtime.archive;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An archive whose every file was verified and whose every restore target was checked, by {@link
 * Restorer#check}, and nothing written yet: what {@link Restorer#restore(CheckedRestore)} then
 * restores without reading the whole archive a second time. A file that changes after the check is
 * still caught, as each one is hashed again while it is copied.
 */
public final class CheckedRestore {
  private final Path archiveDir;
  private final Path base;
  private final Manifest manifest;
  private final RestorePlanner.Plan plan;

  CheckedRestore(Path archiveDir, Path base, Manifest manifest, RestorePlanner.Plan plan) {
    this.archiveDir = archiveDir;
    this.base = base;
    this.manifest = manifest;
    this.plan = plan;
  }

  /** The archive. */
  public Path archiveDir() {
    return archiveDir;
  }

  /** The directory the files are restored under; empty for their original paths. */
  public Optional<Path> targetDir() {
    return Optional.ofNullable(base);
  }

  /** The verified manifest. */
  public Manifest manifest() {
    return manifest;
  }

  Path base() {
    return base;
  }

  RestorePlanner.Plan plan() {
    return plan;
  }
}
