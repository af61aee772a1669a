package dev.quiesce.runtime.internal;

import dev.quiesce.api.WriterEvent;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * The runtime's settings, made by {@code QuiesceModule.builder()}. Public only so that module can
 * hand it over; not API.
 *
 * @param eventTimeouts how long the coordinator waits for each event's handler
 * @param freezeWindowWait how long a doSnapshotSet waits for another session's freeze window
 * @param closeWait how long close() waits for the writers' BackupShutdown handlers
 * @param threadNamePrefix the prefix of the runtime's thread names
 * @param threadFactory makes the runtime's threads instead, if present (they should be daemons)
 */
public record RuntimeConfig(
    Map<WriterEvent, Duration> eventTimeouts,
    Duration freezeWindowWait,
    Duration closeWait,
    String threadNamePrefix,
    Optional<ThreadFactory> threadFactory) {

  /** Fills in the default of every event not given, and checks durations are positive. */
  public RuntimeConfig {
    EnumMap<WriterEvent, Duration> all = new EnumMap<>(defaultTimeouts());
    all.putAll(eventTimeouts);
    all.forEach((event, d) -> requirePositive(d, "timeout of " + event));
    eventTimeouts = Map.copyOf(all);
    requirePositive(freezeWindowWait, "freezeWindowWait");
    requirePositive(closeWait, "closeWait");
    Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
    Objects.requireNonNull(threadFactory, "threadFactory");
  }

  /** The defaults: no configuration needed. */
  public static RuntimeConfig defaults() {
    return new RuntimeConfig(
        Map.of(), Duration.ofMinutes(5), Duration.ofSeconds(30), "quiesce-", Optional.empty());
  }

  /**
   * The default event timeouts. PrepareSnapshot gets more than Freeze, as in VSS; Freeze is also
   * bounded by each writer's own {@code freezeTimeoutMillis}.
   */
  public static Map<WriterEvent, Duration> defaultTimeouts() {
    EnumMap<WriterEvent, Duration> d = new EnumMap<>(WriterEvent.class);
    for (WriterEvent e : WriterEvent.values()) {
      d.put(e, Duration.ofSeconds(60));
    }
    d.put(WriterEvent.IDENTIFY, Duration.ofSeconds(30));
    d.put(WriterEvent.PREPARE_SNAPSHOT, Duration.ofMinutes(2));
    d.put(WriterEvent.PRE_RESTORE, Duration.ofMinutes(10));
    d.put(WriterEvent.POST_RESTORE, Duration.ofMinutes(10));
    return d;
  }

  /** The timeout of {@code event}. */
  public Duration timeout(WriterEvent event) {
    return eventTimeouts.get(event);
  }

  private static void requirePositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }
}
