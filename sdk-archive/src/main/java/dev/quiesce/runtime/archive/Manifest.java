package dev.quiesce.runtime.archive;

import dev.quiesce.api.SnapshotSetId;
import java.util.List;
import java.util.Objects;

/**
 * What a backup archive holds and how it was made: the {@code manifest.json} of the archive. It is
 * written last, so an archive without one is not a backup; and it carries a SHA-256 and size for
 * every file, so an archive can be verified before anything is restored from it.
 *
 * <p>JSON through {@link #toJson()} and {@link #fromJson(byte[])}, read strictly: an unknown {@code
 * schemaVersion}, an unknown or missing field, or a null is an error rather than a guess.
 *
 * @param schemaVersion the format version; this code reads and writes {@value
 *     #CURRENT_SCHEMA_VERSION}
 * @param snapshotSetId the snapshot set the files were copied from
 * @param provider the name of the snapshot provider that made it ({@code "copy"}, {@code "btrfs"},
 *     ...)
 * @param outcome whether the writers were quiesced
 * @param timings when the backup ran and how long it took
 * @param writers the writers in the backup, with their metadata and selected components
 * @param files every file stored in the archive
 * @param backupComponents the backup's type, its chain, the files it keeps from the chain, and the
 *     writers' component data (schema version 2; a version 1 manifest reads as a full backup
 *     without component data)
 */
public record Manifest(
    int schemaVersion,
    SnapshotSetId snapshotSetId,
    String provider,
    QuiesceOutcome outcome,
    Timings timings,
    List<WriterEntry> writers,
    List<FileEntry> files,
    BackupComponents backupComponents) {
  /** The schema version this code writes; it reads version 1 too, as a full backup. */
  public static final int CURRENT_SCHEMA_VERSION = 2;

  /** The manifest's file name in the archive directory. */
  public static final String FILE_NAME = "manifest.json";

  /**
   * Checks the fields and copies the lists.
   *
   * @throws IllegalArgumentException if the schema version is not {@value #CURRENT_SCHEMA_VERSION}
   */
  public Manifest {
    if (schemaVersion != CURRENT_SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "schemaVersion " + schemaVersion + " is not " + CURRENT_SCHEMA_VERSION);
    }
    Objects.requireNonNull(snapshotSetId, "snapshotSetId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(timings, "timings");
    writers = List.copyOf(writers);
    files = List.copyOf(files);
    Objects.requireNonNull(backupComponents, "backupComponents");
  }

  /** A manifest of a full backup without component data. */
  public Manifest(
      int schemaVersion,
      SnapshotSetId snapshotSetId,
      String provider,
      QuiesceOutcome outcome,
      Timings timings,
      List<WriterEntry> writers,
      List<FileEntry> files) {
    this(
        schemaVersion,
        snapshotSetId,
        provider,
        outcome,
        timings,
        writers,
        files,
        BackupComponents.full());
  }

  /** The same manifest with {@code components} as its backup components. */
  public Manifest withBackupComponents(BackupComponents components) {
    return new Manifest(
        schemaVersion, snapshotSetId, provider, outcome, timings, writers, files, components);
  }

  /** The total size of the files, in bytes. */
  public long totalBytes() {
    return files.stream().mapToLong(FileEntry::size).sum();
  }

  /** The manifest as pretty-printed UTF-8 JSON. */
  public byte[] toJson() {
    return ManifestCodec.write(this);
  }

  /**
   * Reads a manifest from its JSON.
   *
   * @throws InvalidArchiveException if it is not JSON, has an unknown schema version, or misses,
   *     adds or nulls a field; the message says which
   */
  public static Manifest fromJson(byte[] json) throws InvalidArchiveException {
    return ManifestCodec.read(json);
  }
}
