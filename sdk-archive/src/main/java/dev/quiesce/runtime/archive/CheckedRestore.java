package dev.quiesce.runtime.archive;

import dev.quiesce.runtime.ComponentRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An archive that was verified (or inspected) and whose whole restore was planned and checked, by
 * {@link Restorer#check}, and nothing written yet: what {@link Restorer#restore(CheckedRestore)}
 * then restores. Each file is hashed while it is copied, so a file that is damaged (when only
 * inspected) or changed after the check is caught before any target is replaced.
 */
public final class CheckedRestore implements PlannedRestore {
  private final Path archiveDir;
  private final RestoreTarget target;
  private final Manifest manifest;
  private final RestorePlanner.Plan plan;
  private final boolean contentsVerified;

  CheckedRestore(
      Path archiveDir,
      RestoreTarget target,
      Manifest manifest,
      RestorePlanner.Plan plan,
      boolean contentsVerified) {
    this.archiveDir = archiveDir;
    this.target = target;
    this.manifest = manifest;
    this.plan = plan;
    this.contentsVerified = contentsVerified;
  }

  /** Whether the archive's contents were hashed before the check, or only inspected. */
  boolean contentsVerified() {
    return contentsVerified;
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

  @Override
  public Map<ComponentRef, Path> alternateLocations() {
    return plan.alternates();
  }

  RestorePlanner.Plan plan() {
    return plan;
  }
}
