package dev.quiesce.runtime;

import java.util.Objects;

/**
 * Names one component of one writer, as a requestor selects it and reports its backup's success.
 *
 * @param writer the writer's name ({@code @Writer(name)})
 * @param component the component's name, as the writer gave it in Identify
 */
public record ComponentRef(String writer, String component) {
  /** Checks both names are present. */
  public ComponentRef {
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(component, "component");
  }

  /** {@code writer/component}, as logs and messages print it. */
  @Override
  public String toString() {
    return writer + "/" + component;
  }
}
