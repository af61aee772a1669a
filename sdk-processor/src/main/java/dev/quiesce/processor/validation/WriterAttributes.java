package dev.quiesce.processor.validation;

import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Reads and checks the attributes of {@code @Writer}: a non-blank name, an id that is a UUID (or
 * the name-based UUID of the name), a positive freeze timeout, and an id no other writer of the
 * compilation has. Problems go into the writer's report, on the attribute's value in the source.
 */
final class WriterAttributes {
  /** The canonical 8-4-4-4-12 form; {@code UUID.fromString} alone accepts "1-2-3-4-5". */
  private static final Pattern UUID_FORM =
      Pattern.compile(
          "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

  private final Elements elements;
  private final Map<UUID, String> writersById = new HashMap<>();

  WriterAttributes(Elements elements) {
    this.elements = elements;
  }

  /**
   * The attribute values, enum constants by name.
   *
   * @param name the writer's name
   * @param id the given or derived id
   * @param instanceName the instance name
   * @param level the {@code ApplicationLevel} constant
   * @param usage the {@code UsageType} constant
   * @param source the {@code SourceType} constant
   * @param freezeTimeoutMillis the freeze window
   */
  record Values(
      String name,
      UUID id,
      String instanceName,
      String level,
      String usage,
      String source,
      long freezeTimeoutMillis) {}

  /** Adds each bad attribute to {@code report}; returns the values if all are good. */
  Optional<Values> read(
      TypeElement writer, AnnotationMirror annotation, ValidationReport.Builder report) {
    Map<String, AnnotationValue> values = new HashMap<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(annotation).entrySet()) {
      values.put(entry.getKey().getSimpleName().toString(), entry.getValue());
    }
    Optional<String> name = value(values, "name", String.class);
    Optional<String> id = value(values, "id", String.class);
    Optional<String> instanceName = value(values, "instanceName", String.class);
    Optional<String> level = constant(values, "level");
    Optional<String> usage = constant(values, "usage");
    Optional<String> source = constant(values, "source");
    Optional<Long> timeout = value(values, "freezeTimeoutMillis", Long.class);
    boolean valid = true;

    if (name.isPresent() && name.get().isBlank()) {
      reportOn(
          report,
          annotation,
          "name",
          Diagnostic.WRITER_BLANK_NAME,
          writer,
          writer.getQualifiedName());
      valid = false;
    }
    Optional<UUID> uuid = Optional.empty();
    if (id.isPresent() && !id.get().isEmpty()) {
      if (UUID_FORM.matcher(id.get()).matches()) {
        uuid = Optional.of(UUID.fromString(id.get()));
      } else {
        reportOn(
            report,
            annotation,
            "id",
            Diagnostic.WRITER_BAD_ID,
            writer,
            writer.getQualifiedName(),
            id.get());
        valid = false;
      }
    } else if (name.isPresent() && !name.get().isBlank()) {
      uuid = Optional.of(UUID.nameUUIDFromBytes(name.get().getBytes(StandardCharsets.UTF_8)));
    }
    if (timeout.isPresent() && timeout.get() <= 0) {
      reportOn(
          report,
          annotation,
          "freezeTimeoutMillis",
          Diagnostic.WRITER_BAD_FREEZE_TIMEOUT,
          writer,
          writer.getQualifiedName(),
          timeout.get());
      valid = false;
    }
    if (uuid.isPresent()) {
      valid &=
          register(writer, annotation, uuid.get(), id.orElse("").isEmpty() ? "name" : "id", report);
    }
    if (!valid
        || uuid.isEmpty()
        || instanceName.isEmpty()
        || level.isEmpty()
        || usage.isEmpty()
        || source.isEmpty()
        || timeout.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Values(
            name.get(),
            uuid.get(),
            instanceName.get(),
            level.get(),
            usage.get(),
            source.get(),
            timeout.get()));
  }

  private boolean register(
      TypeElement writer,
      AnnotationMirror annotation,
      UUID id,
      String from,
      ValidationReport.Builder report) {
    String self = writer.getQualifiedName().toString();
    String other = writersById.putIfAbsent(id, self);
    if (other == null || other.equals(self)) {
      return true;
    }
    reportOn(report, annotation, from, Diagnostic.WRITER_DUPLICATE_ID, writer, self, id, other);
    return false;
  }

  private static void reportOn(
      ValidationReport.Builder report,
      AnnotationMirror annotation,
      String attribute,
      Diagnostic diagnostic,
      TypeElement writer,
      Object... args) {
    Optional<AnnotationValue> value = Mirrors.explicitValue(annotation, attribute);
    if (value.isPresent()) {
      report.addOnValue(diagnostic, writer, annotation, value.get(), args);
    } else {
      report.add(diagnostic, writer, annotation, args);
    }
  }

  /**
   * The value of {@code attribute} if it has the expected type. It has not when javac could not
   * attribute it (an unknown constant); javac reports that itself, and the writer is not generated.
   */
  private static <T> Optional<T> value(
      Map<String, AnnotationValue> values, String attribute, Class<T> type) {
    AnnotationValue value = values.get(attribute);
    return value != null && type.isInstance(value.getValue())
        ? Optional.of(type.cast(value.getValue()))
        : Optional.empty();
  }

  private static Optional<String> constant(Map<String, AnnotationValue> values, String attribute) {
    return value(values, attribute, VariableElement.class).map(c -> c.getSimpleName().toString());
  }
}
