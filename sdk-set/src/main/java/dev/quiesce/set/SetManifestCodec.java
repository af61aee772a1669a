package dev.quiesce.set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.quiesce.json.JsonValues;
import dev.quiesce.runtime.archive.InvalidArchiveException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes {@link SetManifest} JSON strictly, as the archive's manifest is: unknown,
 * missing, duplicate or null fields are errors; the format version is checked before anything else;
 * the size and the number of parts are bounded ({@link SetManifestLimits}) before the manifest is
 * bound; then every part is checked (a safe member name, its fixed path, a SHA-256), and every
 * problem is reported together.
 */
final class SetManifestCodec {
  private static final ObjectMapper MAPPER =
      JsonValues.strictMapper()
          .enable(
              DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES,
              DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final int MAX_HOST = 255;

  private SetManifestCodec() {}

  static byte[] write(SetManifest manifest) {
    List<String> problems = problems(manifest);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("not a valid set manifest: " + problems);
    }
    try {
      return MAPPER.writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the set manifest: " + e.getMessage(), e);
    }
  }

  static SetManifest read(byte[] json, SetManifestLimits limits, String what)
      throws InvalidArchiveException {
    if (json.length > limits.maxBytes()) {
      throw invalid(
          what,
          String.format(
              "%s is %,d bytes, more than the %,d bytes this Quiesce reads; refused",
              SetManifest.FILE_NAME, json.length, limits.maxBytes()),
          null);
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (IOException e) {
      throw invalid(what, SetManifest.FILE_NAME + " is not valid JSON: " + oneLine(e), e);
    }
    if (tree == null || !tree.isObject()) {
      throw invalid(what, SetManifest.FILE_NAME + " is not a JSON object", null);
    }
    JsonNode version = tree.get("formatVersion");
    if (version == null || !version.isInt()) {
      throw invalid(
          what, SetManifest.FILE_NAME + " has no integer formatVersion: not a set manifest", null);
    }
    if (version.intValue() != SetManifest.CURRENT_FORMAT_VERSION) {
      throw invalid(
          what,
          SetManifest.FILE_NAME
              + " has formatVersion "
              + version.intValue()
              + "; this Quiesce reads "
              + SetManifest.CURRENT_FORMAT_VERSION
              + " only: use the Quiesce release that wrote the set, or a newer one",
          null);
    }
    JsonNode parts = tree.get("parts");
    if (parts != null && parts.isArray() && parts.size() > limits.maxParts()) {
      throw invalid(
          what,
          SetManifest.FILE_NAME
              + " lists "
              + parts.size()
              + " parts, more than the "
              + limits.maxParts()
              + " this Quiesce reads; refused",
          null);
    }
    SetManifest manifest;
    try {
      manifest = MAPPER.treeToValue(tree, SetManifest.class);
    } catch (IOException | IllegalArgumentException e) {
      throw invalid(
          what, SetManifest.FILE_NAME + " does not fit formatVersion 1: " + oneLine(e), e);
    }
    List<String> problems = problems(manifest);
    if (!problems.isEmpty()) {
      throw new InvalidArchiveException(what, problems);
    }
    return manifest;
  }

  /** Every rule the manifest breaks, one line each. */
  static List<String> problems(SetManifest m) {
    List<String> problems = new ArrayList<>();
    if (m.formatVersion() != SetManifest.CURRENT_FORMAT_VERSION) {
      problems.add("formatVersion " + m.formatVersion() + " is not supported");
    }
    if (m.parts().isEmpty()) {
      problems.add("it lists no part: a set has at least one member");
    }
    Set<String> members = new HashSet<>();
    for (int i = 0; i < m.parts().size(); i++) {
      SetManifest.Part p = m.parts().get(i);
      String where = "parts[" + i + "]";
      if (!SetManifest.MEMBER_NAME.matcher(p.member()).matches()) {
        problems.add(
            where
                + ": member name '"
                + printable(p.member())
                + "' is not allowed (letters, digits, '.', '-', '_'; at most 64)");
        continue;
      }
      if (!members.add(p.member())) {
        problems.add(where + ": member '" + p.member() + "' appears twice");
      }
      if (!p.path().equals(SetManifest.partPath(p.member()))) {
        problems.add(
            where
                + ": path '"
                + printable(p.path())
                + "' is not '"
                + SetManifest.partPath(p.member())
                + "', where a set keeps that member's part");
      }
      if (!SHA256.matcher(p.manifestSha256()).matches()) {
        problems.add(where + ": manifestSha256 is not a SHA-256 in lowercase hex");
      }
      if (p.writers() < 0) {
        problems.add(where + ": writers is negative");
      }
      if (p.host().isBlank()
          || p.host().length() > MAX_HOST
          || p.host().chars().anyMatch(Character::isISOControl)) {
        problems.add(where + ": host '" + printable(p.host()) + "' is not a host name");
      }
    }
    return problems;
  }

  /** At most 80 characters, control characters shown as '?': safe to print. */
  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    StringBuilder b = new StringBuilder();
    cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }

  private static InvalidArchiveException invalid(String what, String problem, Throwable cause) {
    InvalidArchiveException e = new InvalidArchiveException(what, List.of(problem));
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private static String oneLine(Exception e) {
    String message =
        e instanceof JsonProcessingException j && j.getOriginalMessage() != null
            ? j.getOriginalMessage()
            : String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
