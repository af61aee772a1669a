package dev.quiesce.processor.validation;

import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.Reporter;
import dev.quiesce.processor.model.ApiAnnotations;
import dev.quiesce.processor.model.EventSpec;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/**
 * Rejects handler annotations outside {@code @Writer} classes: the processor looks for handlers in
 * writers only, so such a method would silently never be called.
 */
public final class OrphanHandlerCheck {
  private final Reporter reporter;

  /** A check that reports through {@code reporter}. */
  public OrphanHandlerCheck(Reporter reporter) {
    this.reporter = reporter;
  }

  /** Reports {@code method} if it carries {@code event}'s annotation outside a writer. */
  public void check(Element method, EventSpec event) {
    Element enclosing = method.getEnclosingElement();
    if (Mirrors.has(enclosing, ApiAnnotations.WRITER)) {
      return;
    }
    AnnotationMirror mirror = Mirrors.find(method, event.annotationName()).orElseThrow();
    reporter.report(
        Diagnostic.HANDLER_OUTSIDE_WRITER,
        method,
        mirror,
        event.annotationSimpleName(),
        method.getSimpleName(),
        enclosing);
  }
}
