package dev.quiesce.processor.body;

import dev.quiesce.api.WriterEvent;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * A method carrying {@code @CallableDuring}: its declaration (the one with the annotation, which a
 * called override inherits the contract of) and the events it may be called in.
 */
record RestrictedMethod(ExecutableElement declaration, Set<WriterEvent> allowed) {
  RestrictedMethod {
    allowed = Set.copyOf(allowed);
  }

  /** The method's simple name, e.g. {@code currentSnapshotSetId}. */
  String name() {
    return declaration.getSimpleName().toString();
  }

  /** How chains name the call: {@code currentSnapshotSetId()}, {@code snapshotPathOf(...)}. */
  String call() {
    return name() + (declaration.getParameters().isEmpty() ? "()" : "(...)");
  }

  /** How messages name it: {@code WriterContext.currentSnapshotSetId()}. */
  String displayName() {
    return declaration.getEnclosingElement().getSimpleName() + "." + call();
  }
}
