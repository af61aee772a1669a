package dev.quiesce.processor.body;

import dev.quiesce.api.EventContext;
import java.util.Collection;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The types the escape rule cares about: event contexts (every subtype of {@link EventContext}; not
 * {@code WriterContext}, the injected accessor, nor values such as {@code SnapshotSetId}), and the
 * collections and maps a context must not be put into.
 */
final class ContextTypes {
  private final Types types;
  private final TypeMirror eventContext;
  private final TypeMirror collection;
  private final TypeMirror map;

  ContextTypes(Elements elements, Types types) {
    this.types = types;
    this.eventContext = erasure(elements, EventContext.class.getCanonicalName());
    this.collection = erasure(elements, Collection.class.getCanonicalName());
    this.map = erasure(elements, Map.class.getCanonicalName());
  }

  private TypeMirror erasure(Elements elements, String name) {
    TypeElement type = elements.getTypeElement(name);
    return type == null ? null : types.erasure(type.asType());
  }

  /** Whether a value of type {@code type} is an event context ({@code null} is not). */
  boolean isEventContext(TypeMirror type) {
    return type != null
        && eventContext != null
        && (type.getKind() == TypeKind.DECLARED
            || type.getKind() == TypeKind.TYPEVAR
            || type.getKind() == TypeKind.INTERSECTION)
        && types.isSubtype(types.erasure(type), eventContext);
  }

  /** {@code "a map"} or {@code "a collection"} if {@code type} is one, else {@code null}. */
  String container(Element type) {
    if (!(type instanceof TypeElement typeElement)) {
      return null;
    }
    TypeMirror erased = types.erasure(typeElement.asType());
    if (map != null && types.isSubtype(erased, map)) {
      return "a map";
    }
    return collection != null && types.isSubtype(erased, collection) ? "a collection" : null;
  }

  /** How messages name a context type: {@code FreezeContext}. */
  String name(TypeMirror type) {
    Element element = types.asElement(type);
    return element != null ? element.getSimpleName().toString() : type.toString();
  }
}
