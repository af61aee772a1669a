package dev.quiesce.api.metadata;

import java.util.Objects;

/**
 * A component that must be backed up and restored together with a component of another writer
 * (VSS's {@code AddComponentDependency}): a selection holding one without the other is refused
 * before PrepareBackup, naming both. No order between the two is implied.
 *
 * @param component the declaring writer's component
 * @param onWriter the other writer's name
 * @param onComponent the other writer's component
 */
public record ComponentDependency(String component, String onWriter, String onComponent) {
  /** Checks the fields. */
  public ComponentDependency {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(onWriter, "onWriter");
    Objects.requireNonNull(onComponent, "onComponent");
  }
}
