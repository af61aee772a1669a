package dev.quiesce.api.spi;

import dev.quiesce.api.EventContext;

/**
 * Delivers events to one writer class. The annotation processor generates one implementation per
 * {@code @Writer} class, named {@code <Writer>_Dispatcher}, and lists it in {@code
 * META-INF/services/dev.quiesce.api.spi.WriterDispatcher} so the runtime can find it with {@link
 * java.util.ServiceLoader}. Generated implementations call the handlers directly: there is no
 * reflection on the event path.
 *
 * <p>Application code does not implement or call this; it is the contract between generated code
 * and the runtime.
 *
 * @param <W> the writer class
 */
public interface WriterDispatcher<W> {
  /** The writer class's static description. The same instance on every call. */
  WriterDescriptor descriptor();

  /**
   * Delivers one event to {@code writer}: captures the snapshot set id into {@code session} when
   * the event has one, resolves the handler's parameters and calls it. Does nothing but the capture
   * when the writer has no handler for the event.
   *
   * @param writer the writer instance
   * @param context the event's context; its {@link EventContext#event()} selects the handler
   * @param session the writer's record for the session
   * @throws Exception whatever the handler throws, unchanged
   */
  void dispatch(W writer, EventContext context, SessionRecord session) throws Exception;
}
