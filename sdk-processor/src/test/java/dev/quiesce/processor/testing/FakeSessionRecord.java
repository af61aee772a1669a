package dev.quiesce.processor.testing;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.SessionRecord;
import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SessionRecord} as the runtime keeps one per writer and session: the captured id (a
 * different one is refused, as the contract says) and one instance per {@code @SessionState} class,
 * made with its constructor without parameters (Guice's job in the runtime).
 */
public final class FakeSessionRecord implements SessionRecord {
  private SnapshotSetId captured;
  private int captures;
  private final Map<Class<?>, Object> states = new HashMap<>();

  @Override
  public void captureSnapshotSetId(SnapshotSetId id) {
    if (captured != null && !captured.equals(id)) {
      throw new IllegalStateException("captured " + captured + ", then " + id);
    }
    captured = id;
    captures++;
  }

  @Override
  public Optional<SnapshotSetId> capturedSnapshotSetId() {
    return Optional.ofNullable(captured);
  }

  @Override
  public <T> T sessionState(Class<T> type) {
    return type.cast(states.computeIfAbsent(type, FakeSessionRecord::create));
  }

  /** How many times the dispatcher captured the id. */
  public int captures() {
    return captures;
  }

  private static Object create(Class<?> type) {
    try {
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create session state " + type, e);
    }
  }
}
