package dev.quiesce.processor.validation;

import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Whether generated code in a given package can name a class. */
final class Accessibility {
  private Accessibility() {}

  /**
   * Whether code in {@code from} can name {@code type}: it and every class it is nested in must be
   * public, or package-private or protected in the same package (a dispatcher is no subclass).
   */
  static boolean isAccessible(TypeElement type, PackageElement from, Elements elements) {
    boolean samePackage = elements.getPackageOf(type).equals(from);
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return false;
      }
      if (!e.getModifiers().contains(Modifier.PUBLIC) && !samePackage) {
        return false;
      }
    }
    return true;
  }

  /** The first class enclosing {@code type} that is private, or null. */
  static TypeElement privateEncloser(TypeElement type) {
    for (Element e = type.getEnclosingElement();
        e instanceof TypeElement;
        e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return (TypeElement) e;
      }
    }
    return null;
  }
}
