package dev.quiesce.runtime.archive;

import dev.quiesce.api.BackupType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One selected component's part of the Backup Components Document, as the archive keeps it: the
 * type its writer's backup was done as (the requested one, or full when the writer's schema does
 * not support it) and the values the writer left.
 *
 * @param writerId the writer's id
 * @param instanceName the writer's instance name
 * @param component the component's name
 * @param backupType the type this component's backup was done as
 * @param values the values the writer left, at most one of each kind
 */
public record ComponentData(
    UUID writerId,
    String instanceName,
    String component,
    BackupType backupType,
    List<ComponentValue> values) {
  /**
   * Checks the fields and copies the list.
   *
   * @throws IllegalArgumentException if a kind of value is there twice
   */
  public ComponentData {
    Objects.requireNonNull(writerId, "writerId");
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(backupType, "backupType");
    values = List.copyOf(values);
    if (values.stream().map(ComponentValue::kind).distinct().count() != values.size()) {
      throw new IllegalArgumentException(
          "component '" + component + "' holds a kind of value twice: " + values);
    }
  }

  /** The value of {@code kind}, if the writer left one. */
  public Optional<String> value(ComponentValue.Kind kind) {
    return values.stream().filter(v -> v.kind() == kind).map(ComponentValue::text).findFirst();
  }
}
