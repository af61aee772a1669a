package dev.quiesce.runtime.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.quiesce.json.JsonValues;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes {@link Manifest} JSON with Jackson, strictly: unknown, missing, duplicate or
 * null fields are errors, and the schema version is checked before anything else so that a manifest
 * from a newer Quiesce gets a clear message rather than an "unknown field" one. Paths, ids,
 * instants and durations are plain strings ({@code "/var/db/a"}, a UUID, ISO-8601).
 */
final class ManifestCodec {
  private static final ObjectMapper MAPPER =
      JsonValues.strictMapper()
          .enable(
              DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES,
              DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private ManifestCodec() {}

  static byte[] write(Manifest manifest) {
    try {
      return MAPPER.writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the manifest as JSON: " + e.getMessage(), e);
    }
  }

  static Manifest read(byte[] json) throws InvalidArchiveException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw invalid("it is not valid JSON: " + originalMessage(e), e);
    }
    if (root == null || !root.isObject()) {
      throw invalid("it is not a JSON object: not a Quiesce backup manifest", null);
    }
    JsonNode version = root.get("schemaVersion");
    if (version == null) {
      throw invalid("it has no schemaVersion: not a Quiesce backup manifest", null);
    }
    if (!version.isInt()) {
      throw invalid("schemaVersion must be an integer, found " + version, null);
    }
    if (version.intValue() != Manifest.CURRENT_SCHEMA_VERSION) {
      throw invalid(
          "schemaVersion "
              + version.intValue()
              + " is not supported: this Quiesce reads schemaVersion "
              + Manifest.CURRENT_SCHEMA_VERSION
              + " only; restore with the Quiesce release that wrote the backup, or a newer one",
          null);
    }
    try {
      return MAPPER.treeToValue(root, Manifest.class);
    } catch (IOException | IllegalArgumentException e) {
      String where =
          e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
              ? " at " + pathOf(mapping)
              : "";
      throw invalid("it does not fit schemaVersion 1" + where + ": " + originalMessage(e), e);
    }
  }

  private static InvalidArchiveException invalid(String problem, Throwable cause) {
    return new InvalidArchiveException(Manifest.FILE_NAME, problem, cause);
  }

  private static final Pattern MISSING = Pattern.compile("Missing creator property '([^']*)'.*");

  private static String originalMessage(Exception e) {
    if (e instanceof JsonProcessingException json && json.getOriginalMessage() != null) {
      Matcher missing = MISSING.matcher(json.getOriginalMessage());
      if (missing.matches()) {
        return "required field '" + missing.group(1) + "' is missing";
      }
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message =
        e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    return cause != e && cause.getMessage() != null && !message.contains(cause.getMessage())
        ? message + " (" + cause.getMessage() + ")"
        : message;
  }

  /** A JSON-pointer-like path ({@code files[3].sha256}) to where reading failed. */
  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
