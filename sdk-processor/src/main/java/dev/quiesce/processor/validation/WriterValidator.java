package dev.quiesce.processor.validation;

import com.palantir.javapoet.ClassName;
import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.UsageType;
import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.Reporter;
import dev.quiesce.processor.model.ApiAnnotations;
import dev.quiesce.processor.model.HandlerModel;
import dev.quiesce.processor.model.WriterModel;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Checks one {@code @Writer} class, its attributes and its handlers, and reads it into a {@link
 * WriterModel} when nothing is wrong. One instance serves the whole compilation: it remembers the
 * writer ids seen so far, across rounds, to reject two writers with the same id.
 */
public final class WriterValidator {
  private final Reporter reporter;
  private final Elements elements;
  private final WriterAttributes attributes;
  private final HandlerValidator handlers;

  /** A validator for one compilation, reporting through {@code reporter}. */
  public WriterValidator(
      ProcessingEnvironment env, Reporter reporter, SessionStateValidator sessionStates) {
    this.reporter = reporter;
    this.elements = env.getElementUtils();
    this.attributes = new WriterAttributes(env.getElementUtils(), reporter);
    this.handlers =
        new HandlerValidator(reporter, env.getElementUtils(), env.getTypeUtils(), sessionStates);
  }

  /**
   * Reports every problem of {@code writer}; returns its model if there was none.
   *
   * @param writer a class annotated {@code @Writer} whose types all resolve
   */
  public Optional<WriterModel> validate(TypeElement writer) {
    int errorsBefore = reporter.errorCount();
    AnnotationMirror annotation = Mirrors.find(writer, ApiAnnotations.WRITER).orElseThrow();
    checkShape(writer);
    Optional<WriterAttributes.Values> values = attributes.read(writer, annotation);
    List<HandlerModel> handlerModels = handlers.validate(writer);
    if (reporter.errorCount() != errorsBefore || values.isEmpty()) {
      return Optional.empty();
    }
    WriterAttributes.Values v = values.get();
    return Optional.of(
        new WriterModel(
            ClassName.get(writer),
            v.name(),
            v.id(),
            v.instanceName(),
            ApplicationLevel.valueOf(v.level()),
            UsageType.valueOf(v.usage()),
            SourceType.valueOf(v.source()),
            v.freezeTimeoutMillis(),
            handlerModels));
  }

  private void checkShape(TypeElement writer) {
    for (String problem : ClassShape.problems(writer)) {
      reporter.report(Diagnostic.WRITER_SHAPE, writer, writer.getQualifiedName(), problem);
    }
    if (writer.getKind() != ElementKind.CLASS && writer.getKind() != ElementKind.RECORD) {
      return;
    }
    ClassShape.Injectability injectability = ClassShape.injectability(writer, elements);
    if (injectability.injectable()) {
      return;
    }
    if (injectability.extraInjectConstructors().isEmpty()) {
      reporter.report(Diagnostic.WRITER_NOT_INJECTABLE, writer, writer.getQualifiedName());
    }
    for (Element extra : injectability.extraInjectConstructors()) {
      reporter.report(
          Diagnostic.WRITER_TOO_MANY_INJECT,
          extra,
          Mirrors.find(extra, ApiAnnotations.INJECT).orElseThrow(),
          writer.getQualifiedName());
    }
  }
}
