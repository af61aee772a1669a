package dev.quiesce.processor.validation;

import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.Reporter;
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
 * class from a library is checked where it is used), so its problems are reported once.
 */
public final class SessionStateValidator {
  private final Reporter reporter;
  private final Elements elements;
  private final Map<String, Boolean> checked = new HashMap<>();

  /** A validator that reports through {@code reporter}. */
  public SessionStateValidator(Reporter reporter, Elements elements) {
    this.reporter = reporter;
    this.elements = elements;
  }

  /** Checks {@code type} (once) and tells whether it is a valid session state class. */
  public boolean validate(TypeElement type) {
    String key = type.getQualifiedName().toString();
    Boolean known = checked.get(key);
    if (known != null) {
      return known;
    }
    boolean valid = check(type);
    checked.put(key, valid);
    return valid;
  }

  private boolean check(TypeElement type) {
    List<String> problems = ClassShape.problems(type);
    for (String problem : problems) {
      reporter.report(Diagnostic.SESSION_STATE_SHAPE, type, type.getQualifiedName(), problem);
    }
    if (problems.contains("an interface")
        || problems.contains("an enum")
        || problems.contains("an annotation type")) {
      return false;
    }
    ClassShape.Injectability injectability = ClassShape.injectability(type, elements);
    if (!injectability.injectable()) {
      if (injectability.extraInjectConstructors().isEmpty()) {
        reporter.report(
            Diagnostic.SESSION_STATE_SHAPE,
            type,
            type.getQualifiedName(),
            "not injectable: it has no @Inject constructor and no non-private constructor without"
                + " parameters");
      }
      for (Element extra : injectability.extraInjectConstructors()) {
        reporter.report(
            Diagnostic.SESSION_STATE_SHAPE,
            extra,
            Mirrors.find(extra, ApiAnnotations.INJECT).orElseThrow(),
            type.getQualifiedName(),
            "not injectable: it has more than one @Inject constructor");
      }
      return false;
    }
    return problems.isEmpty();
  }
}
