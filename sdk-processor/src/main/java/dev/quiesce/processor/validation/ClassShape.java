package dev.quiesce.processor.validation;

import dev.quiesce.processor.model.ApiAnnotations;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The rules {@code @Writer} and {@code @SessionState} classes share: Guice must be able to create
 * them and the generated dispatcher, in the writer's package, must be able to name them.
 */
final class ClassShape {
  private ClassShape() {}

  /**
   * What is wrong with the kind, modifiers and nesting of {@code type}, each phrased to follow "is"
   * ("abstract", "a non-static inner class"); empty when nothing is.
   */
  static List<String> problems(TypeElement type) {
    List<String> problems = new ArrayList<>();
    switch (type.getKind()) {
      case INTERFACE:
        problems.add("an interface");
        return problems;
      case ENUM:
        problems.add("an enum");
        return problems;
      case ANNOTATION_TYPE:
        problems.add("an annotation type");
        return problems;
      default:
        break;
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      problems.add("abstract");
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      problems.add("private");
    }
    if (type.getEnclosingElement() instanceof TypeElement
        && !type.getModifiers().contains(Modifier.STATIC)) {
      problems.add("a non-static inner class");
    }
    TypeElement privateEncloser = Accessibility.privateEncloser(type);
    if (privateEncloser != null) {
      problems.add("nested in private class " + privateEncloser.getQualifiedName());
    }
    if (!type.getTypeParameters().isEmpty()) {
      problems.add("generic (it declares type parameters)");
    }
    return problems;
  }

  /**
   * Whether Guice can pick a constructor of {@code type}, and if not, why. The implicit default
   * constructor counts whatever its access: it is private only because the class is, which is
   * reported as such.
   */
  static Injectability injectability(TypeElement type, Elements elements) {
    List<ExecutableElement> constructors = ElementFilter.constructorsIn(type.getEnclosedElements());
    List<ExecutableElement> inject = new ArrayList<>();
    for (ExecutableElement constructor : constructors) {
      if (Mirrors.has(constructor, ApiAnnotations.INJECT)) {
        inject.add(constructor);
      }
    }
    if (inject.size() > 1) {
      return new Injectability(false, inject.subList(1, inject.size()));
    }
    if (inject.size() == 1) {
      return new Injectability(true, List.of());
    }
    for (ExecutableElement constructor : constructors) {
      if (constructor.getParameters().isEmpty()
          && (!constructor.getModifiers().contains(Modifier.PRIVATE)
              || elements.getOrigin(constructor) == Elements.Origin.MANDATED)) {
        return new Injectability(true, List.of());
      }
    }
    return new Injectability(false, List.of());
  }

  /**
   * The outcome of the constructor rule.
   *
   * @param injectable whether Guice has exactly one constructor to use
   * @param extraInjectConstructors the second and later {@code @Inject} constructors, when there
   *     are several; empty when the class simply has no usable constructor
   */
  record Injectability(boolean injectable, List<? extends Element> extraInjectConstructors) {}
}
