package dev.quiesce.processor.model;

import dev.quiesce.api.CallableDuring;
import dev.quiesce.api.SessionState;
import dev.quiesce.api.Writer;
import jakarta.inject.Inject;

/**
 * The qualified names of the annotations the processor looks for, other than the eleven handler
 * annotations (those are in {@link EventSpec}): one place, so a renamed annotation is renamed for
 * every rule at once. Taken from the classes themselves (the processor has sdk-api, and through it
 * jakarta.inject, on its path), so a typo cannot compile.
 */
public final class ApiAnnotations {
  /** {@code dev.quiesce.api.Writer}. */
  public static final String WRITER = Writer.class.getCanonicalName();

  /** {@code dev.quiesce.api.SessionState}. */
  public static final String SESSION_STATE = SessionState.class.getCanonicalName();

  /** {@code dev.quiesce.api.CallableDuring}, read by the body rules from the methods called. */
  public static final String CALLABLE_DURING = CallableDuring.class.getCanonicalName();

  /**
   * {@code jakarta.inject.Inject}, which Guice needs on a writer's or session state's constructor.
   */
  public static final String INJECT = Inject.class.getCanonicalName();

  private ApiAnnotations() {}
}
