package dev.quiesce.processor.body;

import dev.quiesce.api.WriterEvent;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * One node of the call graph: a piece of code that runs as a whole when it runs (a method, a
 * constructor, an initializer, a lambda, the body of an anonymous class...).
 *
 * @param id position in the graph, in source order; orders everything that is printed
 * @param kind what kind of code it is
 * @param label how chains in messages name it ({@code cleanup}, {@code constructor OrdersWriter},
 *     {@code lambda at line 12 in freeze})
 * @param method the method or constructor, for those kinds
 * @param root why, if at all, the code can start running by itself (not only when called)
 * @param events for {@link Root#EVENT}, the events it handles
 */
record Unit(
    int id,
    UnitKind kind,
    String label,
    Optional<ExecutableElement> method,
    Root root,
    Set<WriterEvent> events) {
  Unit {
    events = Set.copyOf(events);
  }

  /** How code can start running other than by being called from other code of the writer. */
  enum Root {
    /** Only when called from other code of the writer (a private method). */
    NONE,
    /** As the handler of {@link Unit#events()} (or a method that declares its own events). */
    EVENT,
    /** At any time, outside every event: a non-private method, a constructor, an initializer. */
    OUTSIDE,
    /** Later, after the code that created it returned: a lambda, an inner class. */
    DEFERRED
  }
}
