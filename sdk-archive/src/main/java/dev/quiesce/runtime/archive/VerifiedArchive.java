package dev.quiesce.runtime.archive;

import java.nio.file.Path;

/**
 * An archive whose manifest was read and checked and whose every file was hashed and found to match
 * it ({@link Restorer#verify}). Only this package makes one, so a restore can be planned against a
 * verified archive without reading it again, and never against an unverified manifest.
 */
public final class VerifiedArchive {
  private final Path directory;
  private final Manifest manifest;

  VerifiedArchive(Path directory, Manifest manifest) {
    this.directory = directory;
    this.manifest = manifest;
  }

  /** The archive's directory. */
  public Path directory() {
    return directory;
  }

  /** Its manifest, known to match the data. */
  public Manifest manifest() {
    return manifest;
  }
}
