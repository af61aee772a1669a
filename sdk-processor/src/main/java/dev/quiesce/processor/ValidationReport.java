package dev.quiesce.processor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * What validating one element found: each problem with the element (and, where given, the
 * annotation and attribute value) it is about, and the reports of the elements it relies on, such
 * as the {@code @SessionState} classes a writer's handlers take.
 *
 * <p>Why a value rather than errors printed as they are found (the design of Dagger's {@code
 * ValidationReport}): whether a writer is generated is decided from its own report ({@link
 * #isClean}), not from how many errors the whole compilation printed before and after; and a report
 * can be kept and shared, so a class checked once makes every writer that uses it unclean while its
 * problems are printed once. Validators build reports; only the {@link Reporter} prints them.
 *
 * @param subject the element validated
 * @param items the problems found on the subject and its members, in the order they were found
 * @param subreports the reports of the elements the subject relies on
 */
public record ValidationReport(
    Element subject, List<Item> items, List<ValidationReport> subreports) {

  /** Checks the subject and copies the lists. */
  public ValidationReport {
    Objects.requireNonNull(subject, "subject");
    items = List.copyOf(items);
    subreports = List.copyOf(subreports);
  }

  /** A builder of the report on {@code subject}. */
  public static Builder about(Element subject) {
    return new Builder(subject);
  }

  /** Whether neither this report nor any of its sub-reports has an error. */
  public boolean isClean() {
    for (Item item : items) {
      if (item.diagnostic().kind() == Kind.ERROR) {
        return false;
      }
    }
    for (ValidationReport subreport : subreports) {
      if (!subreport.isClean()) {
        return false;
      }
    }
    return true;
  }

  /**
   * One problem, positioned as precisely as it is known.
   *
   * @param diagnostic which rule
   * @param element the element it is about
   * @param annotation the annotation of {@code element} it is about, or null
   * @param value the attribute value of {@code annotation} it is about, or null
   * @param args the diagnostic's format arguments
   */
  public record Item(
      Diagnostic diagnostic,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      List<Object> args) {

    /** Checks the required fields and copies the arguments, which may be null. */
    public Item {
      Objects.requireNonNull(diagnostic, "diagnostic");
      Objects.requireNonNull(element, "element");
      args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    /** The full message, tag first. */
    public String message() {
      return diagnostic.format(args.toArray());
    }
  }

  /** Collects the items and sub-reports of one report; not thread-safe, used by one validation. */
  public static final class Builder {
    private final Element subject;
    private final List<Item> items = new ArrayList<>();
    private final List<ValidationReport> subreports = new ArrayList<>();

    private Builder(Element subject) {
      this.subject = subject;
    }

    /** Adds {@code diagnostic} on {@code element}. */
    public Builder add(Diagnostic diagnostic, Element element, Object... args) {
      return add(new Item(diagnostic, element, null, null, Arrays.asList(args)));
    }

    /** Adds {@code diagnostic} on {@code annotation} of {@code element}. */
    public Builder add(
        Diagnostic diagnostic, Element element, AnnotationMirror annotation, Object... args) {
      return add(new Item(diagnostic, element, annotation, null, Arrays.asList(args)));
    }

    /**
     * Adds {@code diagnostic} on {@code value} of {@code annotation} of {@code element}: the most
     * precise position for a bad attribute such as {@code @Writer(id = "x")}.
     */
    public Builder addOnValue(
        Diagnostic diagnostic,
        Element element,
        AnnotationMirror annotation,
        AnnotationValue value,
        Object... args) {
      return add(new Item(diagnostic, element, annotation, value, Arrays.asList(args)));
    }

    /** Adds the report of an element the subject relies on. */
    public Builder addSubreport(ValidationReport subreport) {
      subreports.add(subreport);
      return this;
    }

    /** The report, as collected so far. */
    public ValidationReport build() {
      return new ValidationReport(subject, items, subreports);
    }

    private Builder add(Item item) {
      items.add(item);
      return this;
    }
  }
}
