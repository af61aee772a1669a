package dev.quiesce.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.SnapshotSetId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * How Quiesce writes its value types in JSON, shared by the archive manifest and the daemon's wire
 * format so that both read the same: paths, ids, instants and durations as plain strings ({@code
 * "/var/db/a"}, a UUID, ISO-8601), each checked when read, with a message naming what was expected.
 * Shared by Quiesce's own modules (sdk-archive, sdk-daemon); not an API for applications, and its
 * shape may change between versions.
 */
public final class JsonValues {
  private JsonValues() {}

  /**
   * A mapper builder that fails on anything doubtful in what it reads (missing, null, duplicate
   * fields, numbers for enums, trailing tokens) and never enables polymorphic typing: the bytes it
   * reads may come from another user.
   *
   * <p>Doubtful, precisely: a key twice in one object (read as a tree or as a value: Jackson would
   * keep the last); a scalar of the wrong kind ({@code "123"} or {@code true} for a number, a
   * number or boolean for a string, a float for an integer, a number for an enum); {@code null} for
   * a primitive, or as an element of a list, set or map; anything after the value.
   */
  public static JsonMapper.Builder strictMapper() {
    return JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(
            DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
            DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
            DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
            DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .withCoercionConfig(
            LogicalType.Textual,
            c ->
                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
        .addModule(module());
  }

  /** The serializers and checked deserializers of Quiesce's string-valued types. */
  public static SimpleModule module() {
    return new SimpleModule("quiesce-values")
        .addSerializer(Path.class, new StringSerializer<>(Path::toString))
        .addDeserializer(Path.class, new StringDeserializer<>("a path", Path::of))
        .addSerializer(SnapshotSetId.class, new StringSerializer<>(SnapshotSetId::toString))
        .addDeserializer(
            SnapshotSetId.class,
            new StringDeserializer<>("a snapshot set id (UUID)", SnapshotSetId::parse))
        .addSerializer(SessionId.class, new StringSerializer<>(SessionId::toString))
        .addDeserializer(
            SessionId.class, new StringDeserializer<>("a session id (UUID)", SessionId::parse))
        .addSerializer(Instant.class, new StringSerializer<>(Instant::toString))
        .addDeserializer(
            Instant.class, new StringDeserializer<>("an ISO-8601 instant", Instant::parse))
        .addSerializer(Duration.class, new StringSerializer<>(Duration::toString))
        .addDeserializer(
            Duration.class, new StringDeserializer<>("an ISO-8601 duration", Duration::parse));
  }

  private static final class StringSerializer<T> extends JsonSerializer<T> {
    private final Function<T, String> format;

    StringSerializer(Function<T, String> format) {
      this.format = format;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(format.apply(value));
    }
  }

  private static final class StringDeserializer<T> extends JsonDeserializer<T> {
    private final String expected;
    private final Function<String, T> parse;

    StringDeserializer(String expected, Function<String, T> parse) {
      this.expected = expected;
      this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return context.reportInputMismatch(
            this, "expected %s as a string, found %s", expected, parser.currentToken());
      }
      String text = parser.getText();
      try {
        return parse.apply(text);
      } catch (RuntimeException e) {
        return context.reportInputMismatch(
            this, "'%s' is not %s: %s", text, expected, e.getMessage());
      }
    }
  }
}
