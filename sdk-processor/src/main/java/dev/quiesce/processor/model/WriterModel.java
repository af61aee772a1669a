package dev.quiesce.processor.model;

import com.palantir.javapoet.ClassName;
import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.UsageType;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A validated {@code @Writer} class, everything its dispatcher is generated from. Holds no {@code
 * Element} or {@code TypeMirror}, so it stays valid whatever round it is used in.
 *
 * @param writerType the writer class
 * @param name the writer's name
 * @param id the writer class id, given or derived from the name
 * @param instanceName the instance name; empty for a single instance
 * @param level the freeze order
 * @param usage the usage type
 * @param source the source type
 * @param freezeTimeoutMillis the freeze window, positive
 * @param handlers the handlers, at most one per event, in event order
 */
public record WriterModel(
    ClassName writerType,
    String name,
    UUID id,
    String instanceName,
    ApplicationLevel level,
    UsageType usage,
    SourceType source,
    long freezeTimeoutMillis,
    List<HandlerModel> handlers) {

  /** Checks the fields and sorts the handlers by event. */
  public WriterModel {
    Objects.requireNonNull(writerType, "writerType");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(source, "source");
    handlers = handlers.stream().sorted(Comparator.comparing(HandlerModel::event)).toList();
  }

  /** The dispatcher's name: {@code Outer.Inner} gives {@code Outer_Inner_Dispatcher}. */
  public ClassName dispatcherType() {
    return ClassName.get(
        writerType.packageName(), String.join("_", writerType.simpleNames()) + "_Dispatcher");
  }

  /** The handler of each event that has one. */
  public Map<EventSpec, HandlerModel> handlersByEvent() {
    Map<EventSpec, HandlerModel> byEvent = new EnumMap<>(EventSpec.class);
    handlers.forEach(handler -> byEvent.put(handler.event(), handler));
    return byEvent;
  }

  /** The {@code @SessionState} classes the handlers take, in order of first use. */
  public Set<ClassName> sessionStateTypes() {
    Set<ClassName> types = new LinkedHashSet<>();
    for (HandlerModel handler : handlers) {
      for (ParameterModel parameter : handler.parameters()) {
        if (parameter.source() == ParameterSource.SESSION_STATE) {
          types.add(parameter.type());
        }
      }
    }
    return types;
  }
}
