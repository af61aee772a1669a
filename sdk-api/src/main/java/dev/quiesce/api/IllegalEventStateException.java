package dev.quiesce.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Thrown when a {@link CallableDuring} method is called outside the events it allows, or from a
 * thread that is not running a handler.
 *
 * <p>The annotation processor rejects such calls in writer classes at compile time; this is the
 * run-time net for code it cannot see (another class, reflection, a worker thread). VSS returns an
 * unpredictable value in these cases; Quiesce refuses to answer rather than give another backup's
 * snapshot set id.
 */
public final class IllegalEventStateException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final WriterEvent current;
  private final Set<WriterEvent> allowed;

  /**
   * @param method the method that was called, e.g. {@code WriterContext.currentSnapshotSetId()}
   * @param current the event running on the calling thread, or {@code null} if none is
   * @param allowed the events during which {@code method} may be called
   */
  public IllegalEventStateException(String method, WriterEvent current, Set<WriterEvent> allowed) {
    super(message(method, current, allowed));
    this.method = method;
    this.current = current;
    this.allowed =
        allowed.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(allowed));
  }

  private static String message(String method, WriterEvent current, Set<WriterEvent> allowed) {
    String where =
        current == null
            ? "outside any event handler (or on a thread that is not running one)"
            : "during " + current;
    return method
        + " was called "
        + where
        + "; it may be called only from the thread running a handler of "
        + allowed
        + ". Call it in one of those handlers and pass the value on, or take it as a handler"
        + " parameter.";
  }

  /** The method that was called. */
  public String method() {
    return method;
  }

  /** The event running on the calling thread, if any. */
  public Optional<WriterEvent> currentEvent() {
    return Optional.ofNullable(current);
  }

  /** The events during which the method may be called. */
  public Set<WriterEvent> allowedEvents() {
    return allowed;
  }
}
