package dev.quiesce.runtime.archive;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An archive whose every file was verified and whose whole restore was planned and checked, by
 * {@link Restorer#check}, and nothing written yet: what {@link Restorer#restore(CheckedRestore)}
 * then restores without reading the whole archive a second time. A file that changes after the
 * check is still caught, as each one is hashed again while it is copied.
 */
public final class CheckedRestore {
  private final Path archiveDir;
  private final RestoreTarget target;
  private final Manifest manifest;
  private final RestorePlanner.Plan plan;

  CheckedRestore(
      Path archiveDir, RestoreTarget target, Manifest manifest, RestorePlanner.Plan plan) {
    this.archiveDir = archiveDir;
    this.target = target;
    this.manifest = manifest;
    this.plan = plan;
  }

  /** The archive. */
  public Path archiveDir() {
    return archiveDir;
  }

  /** The directory the files are restored under; empty for their original paths. */
  public Optional<Path> targetDir() {
    return target instanceof RestoreTarget.Under under
        ? Optional.of(under.directory())
        : Optional.empty();
  }

  /** Where the files go. */
  public RestoreTarget target() {
    return target;
  }

  /** The verified manifest. */
  public Manifest manifest() {
    return manifest;
  }

  RestorePlanner.Plan plan() {
    return plan;
  }
}
