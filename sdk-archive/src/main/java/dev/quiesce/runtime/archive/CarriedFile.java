package dev.quiesce.runtime.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A file of the backed-up state that did not change since the base, so is not stored again: its
 * content is in an earlier archive of the chain, checked there by the same size and SHA-256.
 *
 * @param writerId the id of the writer whose component holds the file
 * @param instanceName that writer's instance name
 * @param component the component's name
 * @param originalPath where the file was, absolute and normalized
 * @param size its size in bytes
 * @param sha256 the SHA-256 of its contents
 * @param lastModified its last-modified time
 * @param permissions its POSIX permissions, empty where there are none
 * @param link the index in the manifest's chain of the archive that stores its content
 */
public record CarriedFile(
    UUID writerId,
    String instanceName,
    String component,
    Path originalPath,
    long size,
    String sha256,
    Instant lastModified,
    String permissions,
    int link) {
  /** Checks the fields. */
  public CarriedFile {
    Objects.requireNonNull(writerId, "writerId");
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(originalPath, "originalPath");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(permissions, "permissions");
    if (size < 0 || link < 0) {
      throw new IllegalArgumentException(
          "carried file " + originalPath + " has a negative size or link: " + size + ", " + link);
    }
  }
}
