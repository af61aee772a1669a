package dev.quiesce.runtime.archive;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.SnapshotSetId;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An earlier archive an incremental or differential backup builds on, named by path and by the
 * SHA-256 of its manifest, so that a moved, replaced or tampered base is refused before anything is
 * restored.
 *
 * @param archive the archive's directory, relative to the directory of the archive that names it
 *     (so a chain moved together still resolves), or absolute when it cannot be relative
 * @param manifestSha256 the SHA-256 of its {@code manifest.json}, lowercase hex
 * @param backupType its backup type
 * @param snapshotSetId its snapshot set
 */
public record ChainLink(
    Path archive, String manifestSha256, BackupType backupType, SnapshotSetId snapshotSetId) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** Checks the fields. */
  public ChainLink {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(manifestSha256, "manifestSha256");
    Objects.requireNonNull(backupType, "backupType");
    Objects.requireNonNull(snapshotSetId, "snapshotSetId");
    if (!SHA256.matcher(manifestSha256).matches()) {
      throw new IllegalArgumentException(
          "manifestSha256 of " + archive + " is not 64 lowercase hex digits");
    }
  }

  /** The archive's directory, for the archive in {@code from}. */
  Path resolveFrom(Path from) {
    return from.toAbsolutePath().normalize().resolve(archive).normalize();
  }
}
