package dev.quiesce.processor.body;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The classes whose code runs on a writer instance: the writer itself and those of its supertypes
 * whose source is being compiled (their inherited methods and constructors are the writer's code
 * too), and which method a call on {@code this} really runs.
 */
final class Hierarchy {
  private final TypeElement writer;
  private final List<TypeElement> sourceTypes;
  private final Elements elements;

  private Hierarchy(TypeElement writer, List<TypeElement> sourceTypes, Elements elements) {
    this.writer = writer;
    this.sourceTypes = List.copyOf(sourceTypes);
    this.elements = elements;
  }

  /**
   * The hierarchy of {@code writer}.
   *
   * @param hasSource whether a supertype's code is read with the writer's: its source is being
   *     compiled (and was, or still can be, read)
   */
  static Hierarchy of(
      TypeElement writer, Predicate<TypeElement> hasSource, Elements elements, Types types) {
    List<TypeElement> sourceTypes = new ArrayList<>();
    for (TypeElement type : typesOf(writer, types)) {
      if (type.equals(writer) || hasSource.test(type)) {
        sourceTypes.add(type);
      }
    }
    return new Hierarchy(writer, sourceTypes, elements);
  }

  /** {@code writer}, then all its supertypes, nearest first. */
  static List<TypeElement> typesOf(TypeElement writer, Types types) {
    List<TypeElement> all = new ArrayList<>();
    all.add(writer);
    Set<Element> seen = new HashSet<>(all);
    Deque<TypeMirror> pending = new ArrayDeque<>(types.directSupertypes(writer.asType()));
    while (!pending.isEmpty()) {
      TypeMirror supertype = pending.removeFirst();
      if (supertype instanceof DeclaredType declared
          && declared.asElement() instanceof TypeElement type
          && seen.add(type)) {
        all.add(type);
        pending.addAll(types.directSupertypes(supertype));
      }
    }
    return all;
  }

  TypeElement writer() {
    return writer;
  }

  /** The writer, then its supertypes with source, nearest first. */
  List<TypeElement> sourceTypes() {
    return sourceTypes;
  }

  /**
   * The method that runs when {@code method} is called on the writer instance: the writer's (or the
   * nearest superclass's) override, or {@code method} itself if nothing overrides it (and always
   * for static, private and constructor calls, which do not dispatch).
   */
  ExecutableElement dispatch(ExecutableElement method) {
    if (method.getKind() != ElementKind.METHOD
        || method.getModifiers().contains(Modifier.STATIC)
        || method.getModifiers().contains(Modifier.PRIVATE)) {
      return method;
    }
    for (TypeElement type = writer; type != null; type = superclass(type)) {
      for (Element member : type.getEnclosedElements()) {
        if (member instanceof ExecutableElement candidate
            && candidate.getKind() == ElementKind.METHOD
            && candidate.getSimpleName().contentEquals(method.getSimpleName())
            && (candidate.equals(method) || elements.overrides(candidate, method, writer))) {
          return candidate;
        }
      }
    }
    return method;
  }

  private static TypeElement superclass(TypeElement type) {
    return type.getSuperclass() instanceof DeclaredType declared
            && declared.asElement() instanceof TypeElement superclass
        ? superclass
        : null;
  }
}
