package dev.quiesce.processor;

import java.io.PrintWriter;
import java.io.StringWriter;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Prints {@link Diagnostic}s through the {@link Messager}, positioned on the element (and, where
 * given, the annotation) they are about, and remembers whether any error was printed. Never throws:
 * the processor reports every problem it finds and carries on.
 */
public final class Reporter {
  private final Messager messager;
  private int errors;

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  /** Prints {@code diagnostic} on {@code element}. */
  public void report(Diagnostic diagnostic, Element element, Object... args) {
    count(diagnostic);
    messager.printMessage(diagnostic.kind(), diagnostic.format(args), element);
  }

  /** Prints {@code diagnostic} on {@code annotation} of {@code element}. */
  public void report(
      Diagnostic diagnostic, Element element, AnnotationMirror annotation, Object... args) {
    count(diagnostic);
    messager.printMessage(diagnostic.kind(), diagnostic.format(args), element, annotation);
  }

  /**
   * Prints {@code diagnostic} on {@code value} of {@code annotation} of {@code element}: the most
   * precise position for a bad annotation attribute such as {@code @Writer(id = "x")}.
   */
  public void reportOnValue(
      Diagnostic diagnostic,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    count(diagnostic);
    messager.printMessage(diagnostic.kind(), diagnostic.format(args), element, annotation, value);
  }

  /** Prints {@code diagnostic} with no position, for problems that belong to no element. */
  public void reportWithoutElement(Diagnostic diagnostic, Object... args) {
    count(diagnostic);
    messager.printMessage(diagnostic.kind(), diagnostic.format(args));
  }

  /** Counts a diagnostic printed elsewhere (for example at a tree position through {@code Trees}). */
  public void count(Diagnostic diagnostic) {
    if (diagnostic.kind() == javax.tools.Diagnostic.Kind.ERROR) {
      errors++;
    }
  }

  /** How many errors were reported so far. */
  public int errorCount() {
    return errors;
  }

  /** {@code t} with its stack trace, for an {@link Diagnostic#INTERNAL_ERROR} report. */
  public static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
