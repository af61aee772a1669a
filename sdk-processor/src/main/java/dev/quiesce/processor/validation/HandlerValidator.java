package dev.quiesce.processor.validation;

import com.palantir.javapoet.ClassName;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.ValidationReport;
import dev.quiesce.processor.model.ApiAnnotations;
import dev.quiesce.processor.model.EventSpec;
import dev.quiesce.processor.model.HandlerModel;
import dev.quiesce.processor.model.ParameterModel;
import dev.quiesce.processor.model.ParameterSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks the handler methods of one writer (DESIGN section 4, items 1 and 2, and the parameter
 * rules of section 3) and reads the valid ones into {@link HandlerModel}s. Every method is checked
 * and every problem added to the writer's report, each once, on the method, annotation or parameter
 * it is about.
 */
final class HandlerValidator {
  private static final Modifier[] FORBIDDEN = {
    Modifier.PRIVATE, Modifier.STATIC, Modifier.ABSTRACT
  };

  /** The sources a parameter is resolved from by its type's name alone, whatever the event. */
  private static final Map<String, ParameterSource> BY_TYPE =
      Map.of(
          SnapshotSetId.class.getCanonicalName(), ParameterSource.CURRENT_SNAPSHOT_SET_ID,
          SessionId.class.getCanonicalName(), ParameterSource.SESSION_ID,
          ShutdownCause.class.getCanonicalName(), ParameterSource.SHUTDOWN_CAUSE);

  private final Elements elements;
  private final Types types;
  private final SessionStateValidator sessionStates;

  HandlerValidator(Elements elements, Types types, SessionStateValidator sessionStates) {
    this.elements = elements;
    this.types = types;
    this.sessionStates = sessionStates;
  }

  /** A method carrying a handler annotation. */
  private record Annotated(ExecutableElement method, EventSpec event, AnnotationMirror mirror) {}

  /**
   * Adds every handler problem of {@code writer} to {@code report} and returns the handlers that
   * have none. The caller generates nothing unless the report is clean.
   */
  List<HandlerModel> validate(TypeElement writer, ValidationReport.Builder report) {
    Map<EventSpec, List<Annotated>> byEvent = new EnumMap<>(EventSpec.class);
    List<HandlerModel> valid = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(writer.getEnclosedElements())) {
      List<Annotated> events = eventsOf(method);
      if (events.isEmpty()) {
        continue;
      }
      events.forEach(a -> byEvent.computeIfAbsent(a.event(), e -> new ArrayList<>()).add(a));
      Optional<HandlerModel> handler = validateMethod(writer, events, report);
      handler.ifPresent(valid::add);
    }
    for (List<Annotated> handlers : byEvent.values()) {
      Annotated first = handlers.get(0);
      for (Annotated duplicate : handlers.subList(1, handlers.size())) {
        report.add(
            Diagnostic.DUPLICATE_HANDLER,
            duplicate.method(),
            duplicate.mirror(),
            duplicate.event().annotationSimpleName(),
            writer.getQualifiedName(),
            first.method().getSimpleName(),
            duplicate.method().getSimpleName());
      }
    }
    List<Annotated> freezes = byEvent.getOrDefault(EventSpec.FREEZE, List.of());
    if (!freezes.isEmpty() && !byEvent.containsKey(EventSpec.THAW)) {
      Annotated freeze = freezes.get(0);
      report.add(
          Diagnostic.FREEZE_WITHOUT_THAW,
          freeze.method(),
          freeze.mirror(),
          writer.getQualifiedName(),
          freeze.method().getSimpleName());
    }
    return valid;
  }

  private static List<Annotated> eventsOf(ExecutableElement method) {
    List<Annotated> events = new ArrayList<>();
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      EventSpec.forAnnotation(Mirrors.nameOf(mirror))
          .ifPresent(event -> events.add(new Annotated(method, event, mirror)));
    }
    return events;
  }

  /**
   * Checks one method. Its parameters are checked against its first event only, so a method with
   * two event annotations gets one error for that, not one per parameter.
   */
  private Optional<HandlerModel> validateMethod(
      TypeElement writer, List<Annotated> events, ValidationReport.Builder report) {
    Annotated handler = events.get(0);
    ExecutableElement method = handler.method();
    String annotation = handler.event().annotationSimpleName();
    boolean valid = events.size() == 1;
    for (Annotated other : events.subList(1, events.size())) {
      report.add(
          Diagnostic.MULTIPLE_EVENTS,
          method,
          other.mirror(),
          method.getSimpleName(),
          annotation,
          other.event().annotationSimpleName());
    }
    for (Modifier modifier : FORBIDDEN) {
      if (method.getModifiers().contains(modifier)) {
        report.add(
            Diagnostic.HANDLER_MODIFIER, method, annotation, method.getSimpleName(), modifier);
        valid = false;
      }
    }
    if (method.getReturnType().getKind() != TypeKind.VOID) {
      report.add(
          Diagnostic.HANDLER_NOT_VOID,
          method,
          annotation,
          method.getSimpleName(),
          method.getReturnType());
      valid = false;
    }
    Optional<List<ParameterModel>> parameters = parameters(writer, handler, report);
    if (!valid || parameters.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new HandlerModel(handler.event(), method.getSimpleName().toString(), parameters.get()));
  }

  private Optional<List<ParameterModel>> parameters(
      TypeElement writer, Annotated handler, ValidationReport.Builder report) {
    ExecutableElement method = handler.method();
    EventSpec event = handler.event();
    PackageElement writerPackage = elements.getPackageOf(writer);
    List<ParameterModel> models = new ArrayList<>();
    List<TypeMirror> seen = new ArrayList<>();
    boolean valid = true;
    for (VariableElement parameter : method.getParameters()) {
      TypeMirror type = parameter.asType();
      Optional<ParameterSource> source = sourceOf(type, event);
      if (source.isEmpty() || !event.offers(source.get())) {
        report.add(
            Diagnostic.PARAMETER_NOT_ACCEPTED,
            parameter,
            parameter.getSimpleName(),
            type,
            event.annotationSimpleName(),
            method.getSimpleName(),
            event.displayName(),
            event.acceptedParameters());
        valid = false;
        continue;
      }
      if (seen.stream().anyMatch(previous -> types.isSameType(previous, type))) {
        report.add(
            Diagnostic.PARAMETER_REPEATED,
            parameter,
            parameter.getSimpleName(),
            type,
            method.getSimpleName());
        valid = false;
        continue;
      }
      seen.add(type);
      TypeElement element = (TypeElement) types.asElement(type);
      if (source.get() == ParameterSource.SESSION_STATE) {
        ValidationReport sessionState = sessionStates.validate(element);
        report.addSubreport(sessionState);
        if (!sessionState.isClean()) {
          valid = false;
          continue;
        }
        if (!Accessibility.isAccessible(element, writerPackage, elements)) {
          report.add(
              Diagnostic.SESSION_STATE_INACCESSIBLE,
              parameter,
              element.getQualifiedName(),
              parameter.getSimpleName(),
              method.getSimpleName(),
              writerPackage.getQualifiedName(),
              writer.getQualifiedName());
          valid = false;
          continue;
        }
      }
      models.add(new ParameterModel(source.get(), ClassName.get(element)));
    }
    return valid ? Optional.of(models) : Optional.empty();
  }

  /** Which source a parameter of {@code type} would be resolved from, whatever the event. */
  private static Optional<ParameterSource> sourceOf(TypeMirror type, EventSpec event) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    String name = element.getQualifiedName().toString();
    if (name.equals(event.contextType().getCanonicalName())) {
      return Optional.of(ParameterSource.CONTEXT);
    }
    ParameterSource byName = BY_TYPE.get(name);
    if (byName != null) {
      return Optional.of(byName);
    }
    if (name.equals(Optional.class.getCanonicalName())) {
      return isOptionalOfSnapshotSetId(declared)
          ? Optional.of(ParameterSource.CAPTURED_SNAPSHOT_SET_ID)
          : Optional.empty();
    }
    return Mirrors.has(element, ApiAnnotations.SESSION_STATE)
        ? Optional.of(ParameterSource.SESSION_STATE)
        : Optional.empty();
  }

  private static boolean isOptionalOfSnapshotSetId(DeclaredType optional) {
    List<? extends TypeMirror> arguments = optional.getTypeArguments();
    return arguments.size() == 1
        && arguments.get(0).getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) arguments.get(0)).asElement())
            .getQualifiedName()
            .contentEquals(SnapshotSetId.class.getCanonicalName());
  }
}
