package dev.quiesce.processor.body;

import dev.quiesce.processor.Reporter;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;

/**
 * The method-body rules (DESIGN section 4, items 3 and 4): event-restricted calls and context
 * escapes, checked with javac's Tree API. Placeholder until the body analysis lands.
 */
public final class BodyRules {
  private BodyRules() {}

  /** Rules for one processing environment; reports through {@code reporter}. */
  public static BodyRules create(ProcessingEnvironment env, Reporter reporter) {
    return new BodyRules();
  }

  /** Checks the bodies of {@code writer}'s methods, constructors and initializers. */
  public void check(TypeElement writer) {}
}
