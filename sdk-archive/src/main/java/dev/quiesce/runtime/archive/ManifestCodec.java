package dev.quiesce.runtime.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.quiesce.json.JsonValues;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes {@link Manifest} JSON with Jackson, strictly: unknown, missing, duplicate or
 * null fields are errors, and the schema version is checked before anything else so that a manifest
 * from a newer Quiesce gets a clear message rather than an "unknown field" one. Paths, ids,
 * instants and durations are plain strings ({@code "/var/db/a"}, a UUID, ISO-8601).
 *
 * <p>Reading is bounded ({@link ManifestLimits}): the caller reads at most the byte limit, and a
 * first streaming pass counts the file entries in constant memory before any object is built.
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
    return read(json, ManifestLimits.standard());
  }

  static Manifest read(byte[] json, ManifestLimits limits) throws InvalidArchiveException {
    if (json.length > limits.maxBytes()) {
      throw invalid(tooBig(json.length, limits), null);
    }
    Outline outline = outline(json);
    if (!outline.isObject()) {
      throw invalid("it is not a JSON object: not a Quiesce backup manifest", null);
    }
    JsonNode version = outline.schemaVersion();
    if (version == null) {
      throw invalid("it has no schemaVersion: not a Quiesce backup manifest", null);
    }
    if (!version.isInt()) {
      throw invalid("schemaVersion must be an integer, found " + version, null);
    }
    if (version.intValue() != Manifest.CURRENT_SCHEMA_VERSION
        && version.intValue() != ManifestUpgrade.VERSION_1) {
      throw invalid(
          "schemaVersion "
              + version.intValue()
              + " is not supported: this Quiesce reads schemaVersion "
              + ManifestUpgrade.VERSION_1
              + " and "
              + Manifest.CURRENT_SCHEMA_VERSION
              + " only; restore with the Quiesce release that wrote the backup, or a newer one",
          null);
    }
    if (outline.files() > limits.maxEntries()) {
      throw invalid(
          "it lists more than "
              + limits.maxEntries()
              + " file entries, the most this Quiesce reads; refused before reading them ("
              + limits.raiseEntries()
              + ")",
          null);
    }
    try {
      if (version.intValue() == ManifestUpgrade.VERSION_1) {
        return MAPPER.treeToValue(
            ManifestUpgrade.fromVersion1(MAPPER.readTree(json)), Manifest.class);
      }
      return MAPPER.readValue(json, Manifest.class);
    } catch (IOException | IllegalArgumentException e) {
      String where =
          e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
              ? " at " + pathOf(mapping)
              : "";
      throw invalid(
          "it does not fit schemaVersion " + version.intValue() + where + ": " + originalMessage(e),
          e);
    }
  }

  /** What to say of a manifest of {@code size} bytes, over the limit. */
  static String tooBig(long size, ManifestLimits limits) {
    return String.format(
        "it is %,d bytes, more than the %,d bytes this Quiesce reads; refused before reading it (%s)",
        size, limits.maxBytes(), limits.raiseBytes());
  }

  /**
   * What a first, streaming pass over the manifest finds, in constant memory: whether it is a JSON
   * object, its schema version, and how many file entries it lists. Syntax errors and duplicate
   * keys at any depth are found here too.
   */
  private record Outline(boolean isObject, JsonNode schemaVersion, long files) {}

  private static Outline outline(byte[] json) throws InvalidArchiveException {
    try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return new Outline(false, null, 0);
      }
      JsonNode version = null;
      long files = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("schemaVersion")) {
          version = scalar(parser, value);
        } else if (field.equals("files") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            parser.skipChildren();
            files++;
          }
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw invalid("it is not valid JSON: trailing content after the manifest object", null);
      }
      return new Outline(true, version, files);
    } catch (InvalidArchiveException e) {
      throw e;
    } catch (IOException e) {
      throw invalid("it is not valid JSON: " + originalMessage(e), e);
    }
  }

  /** The value at {@code token} as a node if it is a scalar, or a text naming its kind. */
  private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (token) {
      case VALUE_NUMBER_INT ->
          parser.getNumberType() == JsonParser.NumberType.INT
              ? nodes.numberNode(parser.getIntValue())
              : nodes.textNode(parser.getText());
      case VALUE_STRING -> nodes.textNode(parser.getText());
      case START_OBJECT, START_ARRAY -> {
        parser.skipChildren();
        yield nodes.textNode(token == JsonToken.START_OBJECT ? "an object" : "an array");
      }
      default -> nodes.textNode(parser.getText());
    };
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
