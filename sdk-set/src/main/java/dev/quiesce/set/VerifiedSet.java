package dev.quiesce.set;

import dev.quiesce.runtime.archive.Manifest;
import java.util.Map;

/**
 * A set archive checked whole by {@link SetVerifier}: its manifest, and each member's part
 * manifest, now known to match the data.
 *
 * @param manifest the set manifest
 * @param parts each member's part manifest, by member name, in the set manifest's order
 */
public record VerifiedSet(SetManifest manifest, Map<String, Manifest> parts) {
  /** Copies the parts. */
  public VerifiedSet {
    parts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parts));
  }
}
