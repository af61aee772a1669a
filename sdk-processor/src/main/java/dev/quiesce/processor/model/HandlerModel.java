package dev.quiesce.processor.model;

import java.util.List;
import java.util.Objects;

/**
 * One validated handler method: the event it handles, its name and its parameters in declaration
 * order.
 *
 * @param event the handled event
 * @param methodName the method's simple name
 * @param parameters the parameters, in declaration order
 */
public record HandlerModel(EventSpec event, String methodName, List<ParameterModel> parameters) {
  /** Checks the fields and copies the list. */
  public HandlerModel {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(methodName, "methodName");
    parameters = List.copyOf(parameters);
  }
}
