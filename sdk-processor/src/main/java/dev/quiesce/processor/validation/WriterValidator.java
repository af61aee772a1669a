package dev.quiesce.processor.validation;

import com.palantir.javapoet.ClassName;
import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.UsageType;
import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.ValidationReport;
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
 * Checks one {@code @Writer} class, its attributes and its handlers into one {@link
 * ValidationReport}, and reads it into a {@link WriterModel}. One instance serves the whole
 * compilation: it remembers the writer ids seen so far, across rounds, to reject two writers with
 * the same id.
 */
public final class WriterValidator {
  private final Elements elements;
  private final WriterAttributes attributes;
  private final HandlerValidator handlers;

  /** A validator for one compilation. */
  public WriterValidator(ProcessingEnvironment env, SessionStateValidator sessionStates) {
    this.elements = env.getElementUtils();
    this.attributes = new WriterAttributes(env.getElementUtils());
    this.handlers = new HandlerValidator(env.getElementUtils(), env.getTypeUtils(), sessionStates);
  }

  /**
   * Every problem of {@code writer}, and its model if there is none.
   *
   * @param writer a class annotated {@code @Writer} whose types all resolve
   */
  public WriterValidation validate(TypeElement writer) {
    ValidationReport.Builder report = ValidationReport.about(writer);
    AnnotationMirror annotation = Mirrors.find(writer, ApiAnnotations.WRITER).orElseThrow();
    checkShape(writer, report);
    Optional<WriterAttributes.Values> values = attributes.read(writer, annotation, report);
    List<HandlerModel> handlerModels = handlers.validate(writer, report);
    ValidationReport built = report.build();
    return new WriterValidation(
        built,
        built.isClean() ? values.map(v -> model(writer, v, handlerModels)) : Optional.empty());
  }

  private static WriterModel model(
      TypeElement writer, WriterAttributes.Values v, List<HandlerModel> handlerModels) {
    return new WriterModel(
        ClassName.get(writer),
        v.name(),
        v.id(),
        v.instanceName(),
        ApplicationLevel.valueOf(v.level()),
        UsageType.valueOf(v.usage()),
        SourceType.valueOf(v.source()),
        v.freezeTimeoutMillis(),
        handlerModels);
  }

  private void checkShape(TypeElement writer, ValidationReport.Builder report) {
    for (String problem : ClassShape.problems(writer)) {
      report.add(Diagnostic.WRITER_SHAPE, writer, writer.getQualifiedName(), problem);
    }
    if (writer.getKind() != ElementKind.CLASS && writer.getKind() != ElementKind.RECORD) {
      return;
    }
    ClassShape.Injectability injectability = ClassShape.injectability(writer, elements);
    if (injectability.injectable()) {
      return;
    }
    if (injectability.extraInjectConstructors().isEmpty()) {
      report.add(Diagnostic.WRITER_NOT_INJECTABLE, writer, writer.getQualifiedName());
    }
    for (Element extra : injectability.extraInjectConstructors()) {
      report.add(
          Diagnostic.WRITER_TOO_MANY_INJECT,
          extra,
          Mirrors.find(extra, ApiAnnotations.INJECT).orElseThrow(),
          writer.getQualifiedName());
    }
  }
}
