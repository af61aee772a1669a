package dev.quiesce.runtime.internal;

/**
 * The event being dispatched on the current thread, if any: what {@link ThreadWriterContext}
 * answers from. Set by the lane around the handler call, and only on that thread, so a writer in
 * several sessions at once always gets its own session's answer and a worker thread gets none.
 */
final class ActiveEvent {
  private static final ThreadLocal<EventContexts.Base> CURRENT = new ThreadLocal<>();

  private ActiveEvent() {}

  static EventContexts.Base current() {
    return CURRENT.get();
  }

  static void enter(EventContexts.Base context) {
    CURRENT.set(context);
  }

  static void exit() {
    CURRENT.remove();
  }
}
