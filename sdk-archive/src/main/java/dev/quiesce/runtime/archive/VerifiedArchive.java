package dev.quiesce.runtime.archive;

import java.nio.file.Path;

/**
 * An archive whose manifest was read and checked and whose every file was hashed and found to match
 * it ({@link Restorer#verify}), or whose every file was found where and of the size the manifest
 * says, its contents to be hashed by the restore as it writes them ({@link Restorer#inspect}: one
 * read of the archive instead of two). Only this package makes one, so a restore is never planned
 * against an unchecked manifest, and never puts a file in place before its hash matched.
 */
public final class VerifiedArchive {
  private final Path directory;
  private final Manifest manifest;
  private final boolean contentsVerified;

  VerifiedArchive(Path directory, Manifest manifest, boolean contentsVerified) {
    this.directory = directory;
    this.manifest = manifest;
    this.contentsVerified = contentsVerified;
  }

  /** Whether every file was hashed already ({@link Restorer#verify}), not only inspected. */
  boolean contentsVerified() {
    return contentsVerified;
  }

  /** The archive's directory. */
  public Path directory() {
    return directory;
  }

  /** Its manifest, known to match the data (in contents too if {@link #contentsVerified}). */
  public Manifest manifest() {
    return manifest;
  }
}
