package dev.quiesce.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import dev.quiesce.api.spi.WriterDispatcher;
import dev.quiesce.runtime.internal.DispatcherLocator;
import dev.quiesce.runtime.internal.InternalModule;
import java.util.Arrays;
import java.util.List;

/**
 * Binds writer classes as singletons (made by Guice, with their own injected dependencies) and
 * their generated dispatchers into a {@code Multibinder<WriterDispatcher<?>>}; the {@link
 * Coordinator} subscribes them when it is made.
 *
 * <pre>{@code
 * Guice.createInjector(new QuiesceModule(), WritersModule.of(OrdersWriter.class, JournalWriter.class));
 * Guice.createInjector(new QuiesceModule(), WritersModule.discovered());  // every indexed writer
 * }</pre>
 *
 * <p>Dispatchers are found when the module is made, so a writer compiled without the annotation
 * processor fails there with a message that says so, not at the first backup. The usual cause is a
 * build that compiled the writers without running the processor, which succeeds without a warning
 * (see {@link DispatcherLocator#LIKELY_CAUSES}); a backup would then select no component of any
 * writer, and the data would be copied unfrozen.
 */
public final class WritersModule extends AbstractModule {
  private final List<WriterDispatcher<?>> dispatchers;

  private WritersModule(List<WriterDispatcher<?>> dispatchers) {
    this.dispatchers = List.copyOf(dispatchers);
  }

  /**
   * The given writers, each with its generated dispatcher ({@code <Writer>_Dispatcher} from the
   * writer's class loader, or the {@code META-INF/services} index).
   *
   * @throws IllegalArgumentException if a writer has no dispatcher, naming the likely causes
   */
  public static WritersModule of(Class<?>... writerClasses) {
    return new WritersModule(
        Arrays.stream(writerClasses).<WriterDispatcher<?>>map(DispatcherLocator::find).toList());
  }

  /**
   * Every writer whose dispatcher is in the {@code META-INF/services} index ({@code ServiceLoader},
   * with the thread's context class loader).
   *
   * <p>Finding none is an error, not an empty module: whoever asks for the discovered writers has
   * writers, and none found means they were compiled without the processor. A coordinator without
   * writers needs no {@code WritersModule} at all.
   *
   * @throws IllegalStateException if the index lists no dispatcher, naming the likely causes
   */
  public static WritersModule discovered() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader loader = context == null ? WritersModule.class.getClassLoader() : context;
    List<WriterDispatcher<?>> found = DispatcherLocator.discover(loader);
    if (found.isEmpty()) {
      throw new IllegalStateException(
          "WritersModule.discovered() found no writer: no META-INF/services/"
              + WriterDispatcher.class.getName()
              + " entry is visible to "
              + loader
              + ", and the annotation processor writes one for every @Writer class it compiles. "
              + DispatcherLocator.LIKELY_CAUSES);
    }
    return new WritersModule(found);
  }

  /**
   * The generated dispatcher of one writer class, found as {@link #of} finds it: for code that
   * subscribes a writer instance itself ({@link Coordinator#subscribe}) or wraps the dispatcher, as
   * the test kit does.
   *
   * @throws IllegalArgumentException if the writer has no dispatcher, naming the likely causes
   */
  public static <W> WriterDispatcher<W> dispatcherOf(Class<W> writerClass) {
    return DispatcherLocator.find(writerClass);
  }

  /** The dispatchers this module binds. */
  public List<WriterDispatcher<?>> dispatchers() {
    return dispatchers;
  }

  @Override
  protected void configure() {
    Multibinder<WriterDispatcher<?>> set =
        Multibinder.newSetBinder(binder(), InternalModule.DISPATCHER).permitDuplicates();
    for (WriterDispatcher<?> d : dispatchers) {
      bind(d.descriptor().writerType()).in(Scopes.SINGLETON);
      set.addBinding().toInstance(d);
    }
  }
}
