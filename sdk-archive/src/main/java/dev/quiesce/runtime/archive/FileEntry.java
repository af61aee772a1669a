package dev.quiesce.runtime.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One file in a backup.
 *
 * @param writerId the id of the writer whose component holds the file
 * @param instanceName that writer's instance name (empty for a single instance)
 * @param component the component's name
 * @param originalPath where the file was, absolute and normalized; where it is restored to
 * @param archivePath where it is in the archive, relative to the archive directory, {@code
 *     /}-separated, under {@code data/}
 * @param size its size in bytes
 * @param sha256 the SHA-256 of its contents, lowercase hex
 * @param lastModified its last-modified time, restored with it
 * @param permissions its POSIX permissions ({@code rw-r-----}), restored with it; empty where the
 *     file system has none
 */
public record FileEntry(
    UUID writerId,
    String instanceName,
    String component,
    Path originalPath,
    String archivePath,
    long size,
    String sha256,
    Instant lastModified,
    String permissions) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Checks the fields (the safety of the paths is checked by {@link ArchiveReader}, which can name
   * the archive).
   *
   * @throws IllegalArgumentException if the size is negative, the checksum is not SHA-256 hex or
   *     the permissions are not in {@code rwxr-x---} form
   */
  public FileEntry {
    Objects.requireNonNull(writerId, "writerId");
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(originalPath, "originalPath");
    Objects.requireNonNull(archivePath, "archivePath");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(permissions, "permissions");
    if (!Permissions.FORM.matcher(permissions).matches()) {
      throw new IllegalArgumentException(
          "permissions of " + archivePath + " are not like rw-r-----: '" + permissions + "'");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size of " + archivePath + " is negative: " + size);
    }
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "sha256 of " + archivePath + " is not 64 lowercase hex digits: '" + sha256 + "'");
    }
  }
}
