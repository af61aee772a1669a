package dev.quiesce.api.spi;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.UsageType;
import dev.quiesce.api.WriterEvent;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The static description of a writer class, as the annotation processor read it from
 * {@code @Writer} and the handlers: what the runtime needs to schedule the writer without
 * reflection.
 *
 * @param writerType the {@code @Writer} class
 * @param name the writer's name
 * @param id the writer class id (given, or the name-based UUID of the name)
 * @param instanceName the instance name; empty for a single instance
 * @param level the freeze order
 * @param usage the usage type
 * @param source the source type
 * @param freezeTimeoutMillis the longest the writer may stay frozen
 * @param handledEvents the events the writer has a handler for
 * @param sessionStateTypes the {@code @SessionState} classes its handlers take
 */
public record WriterDescriptor(
    Class<?> writerType,
    String name,
    UUID id,
    String instanceName,
    ApplicationLevel level,
    UsageType usage,
    SourceType source,
    long freezeTimeoutMillis,
    Set<WriterEvent> handledEvents,
    Set<Class<?>> sessionStateTypes) {

  /**
   * Checks the fields and copies the sets.
   *
   * @throws IllegalArgumentException if the freeze timeout is not positive
   */
  public WriterDescriptor {
    Objects.requireNonNull(writerType, "writerType");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(source, "source");
    if (freezeTimeoutMillis <= 0) {
      throw new IllegalArgumentException(
          "freezeTimeoutMillis of writer '" + name + "' must be positive: " + freezeTimeoutMillis);
    }
    handledEvents =
        handledEvents.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(handledEvents));
    sessionStateTypes = Set.copyOf(sessionStateTypes);
  }

  /** Whether the writer has a handler for {@code event}. */
  public boolean handles(WriterEvent event) {
    return handledEvents.contains(event);
  }
}
