package dev.quiesce.runtime.internal;

import dev.quiesce.api.spi.WriterDispatcher;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the generated dispatcher of a writer class: first by the processor's naming convention
 * ({@code <package>.<Outer_Inner>_Dispatcher}, loaded from the writer's class loader), then in the
 * {@code META-INF/services} index. Public for {@code WritersModule} and the test kit; not API.
 */
public final class DispatcherLocator {
  private DispatcherLocator() {}

  /** The conventional name of {@code writerType}'s dispatcher. */
  public static String dispatcherName(Class<?> writerType) {
    String pkg = writerType.getPackageName();
    String simple = writerType.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1);
    return (pkg.isEmpty() ? "" : pkg + ".") + simple.replace('$', '_') + "_Dispatcher";
  }

  /**
   * The dispatcher of {@code writerType}.
   *
   * @throws IllegalArgumentException if there is none, saying how to get one generated
   */
  @SuppressWarnings("unchecked")
  public static <W> WriterDispatcher<W> find(Class<W> writerType) {
    ClassLoader loader = writerType.getClassLoader();
    String name = dispatcherName(writerType);
    try {
      Class<?> type = Class.forName(name, true, loader);
      if (WriterDispatcher.class.isAssignableFrom(type)) {
        WriterDispatcher<?> d = (WriterDispatcher<?>) type.getDeclaredConstructor().newInstance();
        if (d.descriptor().writerType() == writerType) {
          return (WriterDispatcher<W>) d;
        }
      }
    } catch (ClassNotFoundException e) {
      // not by convention: try the index below
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new IllegalArgumentException(
          "dispatcher " + name + " of writer " + writerType.getName() + " cannot be instantiated: " + e, e);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "dispatcher " + name + " of writer " + writerType.getName() + " failed: " + e.getCause(), e);
    }
    for (WriterDispatcher<?> d : discover(loader)) {
      if (d.descriptor().writerType() == writerType) {
        return (WriterDispatcher<W>) d;
      }
    }
    throw new IllegalArgumentException(
        "no dispatcher for writer "
            + writerType.getName()
            + ": expected the generated class "
            + name
            + " or an entry in META-INF/services/"
            + WriterDispatcher.class.getName()
            + ". Is the class annotated @Writer, and was the Quiesce annotation processor"
            + " (dev.quiesce:sdk-processor) on the annotationProcessorPaths?");
  }

  /** Every dispatcher listed in the {@code META-INF/services} index visible to {@code loader}. */
  public static List<WriterDispatcher<?>> discover(ClassLoader loader) {
    List<WriterDispatcher<?>> found = new ArrayList<>();
    try {
      for (WriterDispatcher<?> d : ServiceLoader.load(WriterDispatcher.class, loader)) {
        found.add(d);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "a listed WriterDispatcher could not be loaded: " + e.getMessage()
              + ". Rebuild the writers with the Quiesce annotation processor.",
          e);
    }
    return found;
  }
}
