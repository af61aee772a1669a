package dev.quiesce.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.quiesce.runtime.WriterStatus;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What {@code --json} prints: stable field names, absent values as {@code null}, ids and times as
 * strings, so that a script can rely on every key being there.
 */
final class Json {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Json() {}

  /** One writer in {@code quiesce writers --json}. */
  record Writer(
      String name,
      String instance,
      String writerId,
      String state,
      int vssState,
      String session,
      String failure,
      String error) {
    static Writer of(WriterStatus s) {
      return new Writer(
          s.name(),
          s.instanceName(),
          s.writerId().toString(),
          s.state().name(),
          s.state().vssCode(),
          s.session().map(Object::toString).orElse(null),
          s.failure().map(Enum::name).orElse(null),
          s.error().orElse(null));
    }
  }

  static String writers(List<WriterStatus> writers) {
    return write(writers.stream().map(Writer::of).toList());
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
