package dev.quiesce.runtime.archive;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One value a writer left for a component in the Backup Components Document, kept in the manifest
 * with its SHA-256 like a file, so that a changed value is refused when the manifest is read.
 *
 * @param kind what the value is
 * @param text the value, opaque to Quiesce
 * @param sha256 the SHA-256 of its UTF-8 bytes, lowercase hex
 */
public record ComponentValue(Kind kind, String text, String sha256) {
  /** What a value is. */
  public enum Kind {
    /** The writer's private metadata, given back at restore. */
    BACKUP_METADATA,
    /** The writer's stamp, given back at the next incremental or differential backup. */
    BACKUP_STAMP
  }

  /**
   * Checks the checksum.
   *
   * @throws IllegalArgumentException if {@code sha256} is not the SHA-256 of {@code text}
   */
  public ComponentValue {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sha256, "sha256");
    if (!sha256.equals(sha256Of(text))) {
      throw new IllegalArgumentException(
          kind + " does not match its sha256: the value was changed after the backup; refused");
    }
  }

  /** The value {@code text} of {@code kind}, with its checksum. */
  public static ComponentValue of(Kind kind, String text) {
    return new ComponentValue(kind, text, sha256Of(text));
  }

  static String sha256Of(String text) {
    return HexFormat.of().formatHex(Hashing.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
