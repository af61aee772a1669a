package dev.quiesce.processor.body;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.Types;

/**
 * The methods the language calls without a call in the source: {@code iterator()} for an enhanced
 * {@code for} over an {@code Iterable}, {@code close()} at the end of a try-with-resources. They
 * are calls like the written ones, so the same rules apply to them.
 */
final class ImplicitCalls {
  private final Types types;

  ImplicitCalls(Types types) {
    this.types = types;
  }

  /**
   * The no-argument instance method {@code name} that a value of static type {@code type} runs: the
   * most specific declaration found from {@code type} up (whose {@code @CallableDuring}, if any,
   * {@link RestrictedMethods} finds on it or on what it overrides). Empty for arrays, primitives
   * and types javac could not resolve.
   */
  Optional<ExecutableElement> of(TypeMirror type, String name) {
    TypeMirror start = type;
    while (start instanceof TypeVariable variable) {
      start = variable.getUpperBound();
    }
    if (start == null
        || (start.getKind() != TypeKind.DECLARED && start.getKind() != TypeKind.INTERSECTION)) {
      return Optional.empty();
    }
    Deque<TypeMirror> pending = new ArrayDeque<>();
    pending.add(start);
    Set<Element> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      TypeMirror next = pending.removeFirst();
      if (next.getKind() == TypeKind.DECLARED) {
        if (!(types.asElement(next) instanceof TypeElement owner) || !seen.add(owner)) {
          continue;
        }
        for (Element member : owner.getEnclosedElements()) {
          if (member instanceof ExecutableElement method
              && method.getSimpleName().contentEquals(name)
              && method.getParameters().isEmpty()
              && !method.getModifiers().contains(Modifier.STATIC)) {
            return Optional.of(method);
          }
        }
      }
      pending.addAll(types.directSupertypes(next));
    }
    return Optional.empty();
  }
}
