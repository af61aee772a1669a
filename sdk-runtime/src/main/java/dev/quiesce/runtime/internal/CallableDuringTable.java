package dev.quiesce.runtime.internal;

import dev.quiesce.api.CallableDuring;
import dev.quiesce.api.ComponentBackupContext;
import dev.quiesce.api.ComponentRestoreContext;
import dev.quiesce.api.EventContext;
import dev.quiesce.api.IllegalEventStateException;
import dev.quiesce.api.PostRestoreContext;
import dev.quiesce.api.PostSnapshotContext;
import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.WriterContext;
import dev.quiesce.api.WriterEvent;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events during which each {@link CallableDuring} method may be called, read once,
 * reflectively, from the API interfaces. The annotation processor reads the same annotations at
 * compile time, so the compile-time rule and this run-time check cannot drift apart.
 */
final class CallableDuringTable {
  /** The table of {@link WriterContext} and of the event contexts that carry the annotation. */
  static final CallableDuringTable API =
      new CallableDuringTable(
          List.of(
              WriterContext.class,
              EventContext.class,
              PostSnapshotContext.class,
              ComponentBackupContext.class,
              ComponentRestoreContext.class,
              PreRestoreContext.class,
              PostRestoreContext.class));

  private final Map<String, Set<WriterEvent>> allowed = new HashMap<>();

  private CallableDuringTable(List<Class<?>> types) {
    for (Class<?> type : types) {
      for (Method m : type.getMethods()) {
        CallableDuring during = m.getAnnotation(CallableDuring.class);
        if (during != null) {
          EnumSet<WriterEvent> events = EnumSet.noneOf(WriterEvent.class);
          events.addAll(List.of(during.value()));
          allowed.put(key(m.getDeclaringClass(), m.getName()), Set.copyOf(events));
        }
      }
    }
  }

  /**
   * Throws unless {@code type.method} may be called during {@code current}.
   *
   * @param current the event running on the calling thread, or {@code null} if none
   * @throws IllegalArgumentException if the method carries no {@link CallableDuring}
   * @throws IllegalEventStateException if it may not be called now
   */
  void require(Class<?> type, String method, WriterEvent current) {
    Set<WriterEvent> events = allowed(type, method);
    if (current == null || !events.contains(current)) {
      throw new IllegalEventStateException(
          type.getSimpleName() + "." + method + "()", current, events);
    }
  }

  /** The events {@code type.method} is allowed in. */
  Set<WriterEvent> allowed(Class<?> type, String method) {
    Set<WriterEvent> events = allowed.get(key(type, method));
    if (events == null) {
      throw new IllegalArgumentException(type.getName() + "." + method + " has no @CallableDuring");
    }
    return events;
  }

  private static String key(Class<?> type, String method) {
    return type.getName() + "#" + method;
  }
}
