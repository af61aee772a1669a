package dev.quiesce.processor.validation;

import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.ValidationReport;
import dev.quiesce.processor.model.ApiAnnotations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Checks {@code @SessionState} classes: Guice makes one instance per session, so each must be a
 * concrete, non-generic class with one constructor Guice can use. Each class is checked once per
 * compilation, whether it is met as an annotated class of the round or as a handler parameter (a
 * class from a library is checked where it is used). Its report is kept, and added to the report of
 * every writer that takes the class, so each such writer is unclean while the class's problems are
 * printed once.
 */
public final class SessionStateValidator {
  private final Elements elements;
  private final Map<String, ValidationReport> checked = new HashMap<>();

  /** A validator for one compilation. */
  public SessionStateValidator(Elements elements) {
    this.elements = elements;
  }

  /** The report on {@code type}, made the first time it is asked for; clean if it is valid. */
  public ValidationReport validate(TypeElement type) {
    return checked.computeIfAbsent(type.getQualifiedName().toString(), name -> check(type));
  }

  private ValidationReport check(TypeElement type) {
    ValidationReport.Builder report = ValidationReport.about(type);
    List<String> problems = ClassShape.problems(type);
    for (String problem : problems) {
      report.add(Diagnostic.SESSION_STATE_SHAPE, type, type.getQualifiedName(), problem);
    }
    if (problems.contains("an interface")
        || problems.contains("an enum")
        || problems.contains("an annotation type")) {
      return report.build();
    }
    ClassShape.Injectability injectability = ClassShape.injectability(type, elements);
    if (!injectability.injectable()) {
      if (injectability.extraInjectConstructors().isEmpty()) {
        report.add(
            Diagnostic.SESSION_STATE_SHAPE,
            type,
            type.getQualifiedName(),
            "not injectable: it has no @Inject constructor and no non-private constructor without"
                + " parameters");
      }
      for (Element extra : injectability.extraInjectConstructors()) {
        report.add(
            Diagnostic.SESSION_STATE_SHAPE,
            extra,
            Mirrors.find(extra, ApiAnnotations.INJECT).orElseThrow(),
            type.getQualifiedName(),
            "not injectable: it has more than one @Inject constructor");
      }
    }
    return report.build();
  }
}
