package dev.quiesce.processor.body;

import dev.quiesce.api.WriterEvent;
import dev.quiesce.processor.model.ApiAnnotations;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds the {@code @CallableDuring} contract of a called method. The annotation is read from the
 * callee, never matched by name, so every API method that carries it is covered, including future
 * ones. A method that overrides an annotated one (an implementation or a sub-interface
 * redeclaration) inherits its contract.
 */
final class RestrictedMethods {
  private final Elements elements;
  private final Types types;
  private final Map<ExecutableElement, Optional<RestrictedMethod>> cache = new HashMap<>();

  RestrictedMethods(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** The contract of {@code method}, or empty if it may be called at any time. */
  Optional<RestrictedMethod> of(ExecutableElement method) {
    Optional<RestrictedMethod> known = cache.get(method);
    if (known == null) {
      known = find(method);
      cache.put(method, known);
    }
    return known;
  }

  private Optional<RestrictedMethod> find(ExecutableElement method) {
    Optional<RestrictedMethod> own = declared(method);
    if (own.isPresent()
        || method.getKind() != ElementKind.METHOD
        || method.getModifiers().contains(Modifier.STATIC)
        || method.getModifiers().contains(Modifier.PRIVATE)
        || !(method.getEnclosingElement() instanceof TypeElement owner)) {
      return own;
    }
    Deque<TypeMirror> pending = new ArrayDeque<>(types.directSupertypes(owner.asType()));
    Set<Element> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      TypeMirror supertype = pending.removeFirst();
      if (!(supertype instanceof DeclaredType declared)
          || !(declared.asElement() instanceof TypeElement type)
          || !seen.add(type)) {
        continue;
      }
      for (Element member : type.getEnclosedElements()) {
        if (member instanceof ExecutableElement candidate
            && candidate.getSimpleName().contentEquals(method.getSimpleName())
            && elements.overrides(method, candidate, owner)) {
          Optional<RestrictedMethod> inherited = declared(candidate);
          if (inherited.isPresent()) {
            return inherited;
          }
        }
      }
      pending.addAll(types.directSupertypes(supertype));
    }
    return Optional.empty();
  }

  private static Optional<RestrictedMethod> declared(ExecutableElement method) {
    for (AnnotationMirror annotation : method.getAnnotationMirrors()) {
      if (annotation.getAnnotationType().asElement() instanceof TypeElement type
          && type.getQualifiedName().contentEquals(ApiAnnotations.CALLABLE_DURING)) {
        Set<WriterEvent> allowed = EnumSet.noneOf(WriterEvent.class);
        for (AnnotationValue value : annotation.getElementValues().values()) {
          collect(value.getValue(), allowed);
        }
        return Optional.of(new RestrictedMethod(method, allowed));
      }
    }
    return Optional.empty();
  }

  /** Adds the events named by an annotation value: one enum constant or an array of them. */
  private static void collect(Object value, Set<WriterEvent> into) {
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof AnnotationValue annotationValue) {
          collect(annotationValue.getValue(), into);
        }
      }
    } else if (value instanceof VariableElement constant) {
      String name = constant.getSimpleName().toString();
      for (WriterEvent event : WriterEvent.values()) {
        if (event.name().equals(name)) {
          into.add(event);
        }
      }
    }
  }
}
