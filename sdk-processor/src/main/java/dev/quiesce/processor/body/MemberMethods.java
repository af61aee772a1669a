package dev.quiesce.processor.body;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * How the methods of a writer's member classes start running. A member class is code of the writer
 * like its own methods: its private methods, and those of a class private to the writer, run only
 * when the writer's code calls them, so calls into them are followed. Only what other code can
 * reach (an accessible class, or a method implementing a supertype's, such as {@code Runnable.run})
 * may run at any time.
 */
final class MemberMethods {
  private final Types types;

  MemberMethods(Types types) {
    this.types = types;
  }

  /** The kind of {@code method}, declared in a member class of {@code reading}. */
  UnitKind kindOf(ExecutableElement method, TypeElement reading) {
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      return UnitKind.MEMBER_METHOD;
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    return privateToWriter(owner, reading) && !mayOverride(method, owner)
        ? UnitKind.MEMBER_METHOD
        : UnitKind.MEMBER_ENTRY;
  }

  /** Whether {@code method}'s owner is a member class (at any depth) of {@code reading}. */
  static boolean isMemberOf(ExecutableElement method, TypeElement reading) {
    Element owner = method.getEnclosingElement();
    if (owner.equals(reading)) {
      return false;
    }
    for (Element e = owner; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.equals(reading)) {
        return true;
      }
    }
    return false;
  }

  private static boolean privateToWriter(TypeElement member, TypeElement reading) {
    for (Element e = member; e instanceof TypeElement && !e.equals(reading); ) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
      e = e.getEnclosingElement();
    }
    return false;
  }

  /**
   * Whether a supertype of {@code owner} declares a method of the same name and arity: then {@code
   * method} may be called through that supertype by code that was handed the object. Conservative
   * (no signature check), and cheap: member classes have few supertypes.
   */
  private boolean mayOverride(ExecutableElement method, TypeElement owner) {
    if (method.getKind() != ElementKind.METHOD || method.getModifiers().contains(Modifier.STATIC)) {
      return false;
    }
    Deque<TypeMirror> pending = new ArrayDeque<>(types.directSupertypes(owner.asType()));
    Set<Element> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      Element type = types.asElement(pending.removeFirst());
      if (!(type instanceof TypeElement supertype) || !seen.add(supertype)) {
        continue;
      }
      for (Element member : supertype.getEnclosedElements()) {
        if (member instanceof ExecutableElement other
            && other.getSimpleName().equals(method.getSimpleName())
            && other.getParameters().size() == method.getParameters().size()
            && !other.getModifiers().contains(Modifier.PRIVATE)) {
          return true;
        }
      }
      pending.addAll(types.directSupertypes(supertype.asType()));
    }
    return false;
  }
}
