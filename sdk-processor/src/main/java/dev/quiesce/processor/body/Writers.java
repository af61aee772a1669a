package dev.quiesce.processor.body;

import dev.quiesce.processor.model.ApiAnnotations;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/** Recognizes {@code @Writer} classes. */
final class Writers {
  private Writers() {}

  static boolean isWriter(Element type) {
    for (AnnotationMirror annotation : type.getAnnotationMirrors()) {
      if (annotation.getAnnotationType().asElement() instanceof TypeElement annotationType
          && annotationType.getQualifiedName().contentEquals(ApiAnnotations.WRITER)) {
        return true;
      }
    }
    return false;
  }
}
