package dev.quiesce.processor.body;

import dev.quiesce.api.WriterEvent;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * One node of the call graph: a piece of code that runs as a whole when it runs (a method, a
 * constructor, an initializer, a lambda, the body of an anonymous class...). Compared by identity:
 * two lambdas on the same line are two units.
 */
final class Unit {
  private final UnitKind kind;
  private final String label;
  private final ExecutableElement method;
  private final Set<WriterEvent> events;

  /**
   * @param kind what kind of code it is
   * @param label how chains in messages name it ({@code cleanup}, {@code constructor OrdersWriter},
   *     {@code lambda at line 12 in freeze})
   * @param method the method or constructor, for those kinds, else null
   * @param events the events it handles (for a handler) or declares (for a method of the writer
   *     carrying {@code @CallableDuring}); empty for other code
   */
  Unit(UnitKind kind, String label, ExecutableElement method, Set<WriterEvent> events) {
    this.kind = kind;
    this.label = label;
    this.method = method;
    this.events = Set.copyOf(events);
  }

  UnitKind kind() {
    return kind;
  }

  String label() {
    return label;
  }

  Optional<ExecutableElement> method() {
    return Optional.ofNullable(method);
  }

  Set<WriterEvent> events() {
    return events;
  }

  @Override
  public String toString() {
    return kind + " " + label;
  }
}
