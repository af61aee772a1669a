package dev.quiesce.processor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Prints {@link Diagnostic}s through the {@link Messager}, positioned on the element (and, where
 * given, the annotation and value) they are about: the {@link ValidationReport}s the validators
 * return, and the processor's own problems. Never throws: the processor reports every problem it
 * finds and carries on. It decides nothing; the processor reads {@link ValidationReport#isClean}.
 */
public final class Reporter {
  private final Messager messager;

  /** The reports printed so far: a shared sub-report (a session state class) is printed once. */
  private final Set<ValidationReport> printed = Collections.newSetFromMap(new IdentityHashMap<>());

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  /**
   * Prints every item of {@code report}, then its sub-reports; a report printed before, as the
   * sub-report of another, is not printed again.
   */
  public void print(ValidationReport report) {
    if (!printed.add(report)) {
      return;
    }
    for (ValidationReport.Item item : report.items()) {
      print(item);
    }
    report.subreports().forEach(this::print);
  }

  private void print(ValidationReport.Item item) {
    Diagnostic diagnostic = item.diagnostic();
    String message = item.message();
    if (item.value() != null) {
      messager.printMessage(
          diagnostic.kind(), message, item.element(), item.annotation(), item.value());
    } else if (item.annotation() != null) {
      messager.printMessage(diagnostic.kind(), message, item.element(), item.annotation());
    } else {
      messager.printMessage(diagnostic.kind(), message, item.element());
    }
  }

  /** Prints {@code diagnostic} on {@code element}. */
  public void report(Diagnostic diagnostic, Element element, Object... args) {
    messager.printMessage(diagnostic.kind(), diagnostic.format(args), element);
  }

  /**
   * Prints {@code diagnostic} on {@code value} of {@code annotation} on {@code element}, or on the
   * narrowest of them that is not null.
   */
  public void report(
      Diagnostic diagnostic,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    String message = diagnostic.format(args);
    if (annotation == null) {
      messager.printMessage(diagnostic.kind(), message, element);
    } else if (value == null) {
      messager.printMessage(diagnostic.kind(), message, element, annotation);
    } else {
      messager.printMessage(diagnostic.kind(), message, element, annotation, value);
    }
  }

  /** Prints {@code diagnostic} with no position, for problems that belong to no element. */
  public void reportWithoutElement(Diagnostic diagnostic, Object... args) {
    messager.printMessage(diagnostic.kind(), diagnostic.format(args));
  }

  /** {@code t} with its stack trace, for an {@link Diagnostic#INTERNAL_ERROR} report. */
  public static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
