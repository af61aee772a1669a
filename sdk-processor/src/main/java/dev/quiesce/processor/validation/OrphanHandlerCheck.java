package dev.quiesce.processor.validation;

import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.ValidationReport;
import dev.quiesce.processor.model.ApiAnnotations;
import dev.quiesce.processor.model.EventSpec;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/**
 * Rejects handler annotations outside {@code @Writer} classes: the processor looks for handlers in
 * writers only, so such a method would silently never be called.
 */
public final class OrphanHandlerCheck {
  private OrphanHandlerCheck() {}

  /**
   * The report on {@code method}, which carries {@code event}'s annotation: unclean if it is
   * outside a writer.
   */
  public static ValidationReport check(Element method, EventSpec event) {
    ValidationReport.Builder report = ValidationReport.about(method);
    Element enclosing = method.getEnclosingElement();
    if (Mirrors.has(enclosing, ApiAnnotations.WRITER)) {
      return report.build();
    }
    AnnotationMirror mirror = Mirrors.find(method, event.annotationName()).orElseThrow();
    report.add(
        Diagnostic.HANDLER_OUTSIDE_WRITER,
        method,
        mirror,
        event.annotationSimpleName(),
        method.getSimpleName(),
        enclosing);
    return report.build();
  }
}
