package dev.quiesce.runtime.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a manifest of schema version 1 as version 2: a full backup without component data, and
 * writers without a backup schema, dependencies or alternate location mappings. Only the fields
 * version 2 added are filled in; anything else a version 1 manifest lacks or adds is still an
 * error, as strict reading demands.
 */
final class ManifestUpgrade {
  /** The first schema version, read by upgrading it. */
  static final int VERSION_1 = 1;

  private ManifestUpgrade() {}

  /**
   * The version 1 manifest {@code tree} as version 2; a tree of another shape is left for the codec
   * to refuse.
   */
  static JsonNode fromVersion1(JsonNode tree) {
    if (!(tree instanceof ObjectNode manifest)) {
      return tree;
    }
    manifest.put("schemaVersion", Manifest.CURRENT_SCHEMA_VERSION);
    if (!manifest.has("backupComponents")) {
      ObjectNode components = manifest.putObject("backupComponents");
      components.put("backupType", "FULL");
      components.putArray("chain");
      components.putArray("carried");
      components.putArray("components");
    }
    if (manifest.get("writers") instanceof com.fasterxml.jackson.databind.node.ArrayNode writers) {
      for (JsonNode writer : writers) {
        if (writer.get("metadata") instanceof ObjectNode metadata) {
          if (!metadata.has("backupSchema")) {
            metadata.putArray("backupSchema");
          }
          if (!metadata.has("dependencies")) {
            metadata.putArray("dependencies");
          }
          if (!metadata.has("alternateLocationMappings")) {
            metadata.putArray("alternateLocationMappings");
          }
        }
      }
    }
    return manifest;
  }
}
