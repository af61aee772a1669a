package dev.quiesce.processor.body;

import dev.quiesce.api.Writer;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/** Recognizes {@code @Writer} classes. */
final class Writers {
  private static final String WRITER = Writer.class.getCanonicalName();

  private Writers() {}

  static boolean isWriter(Element type) {
    for (AnnotationMirror annotation : type.getAnnotationMirrors()) {
      if (annotation.getAnnotationType().asElement() instanceof TypeElement annotationType
          && annotationType.getQualifiedName().contentEquals(WRITER)) {
        return true;
      }
    }
    return false;
  }
}
