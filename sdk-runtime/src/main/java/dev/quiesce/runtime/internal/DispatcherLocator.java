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
  /**
   * Why a build can succeed and still generate no dispatcher, and what to do. Each cause was met:
   * Maven 3.8 without a pinned compiler plugin uses maven-compiler-plugin 3.1, which ignores {@code
   * annotationProcessorPaths} silently; JDK 23+ javac runs no processor it finds only on the class
   * path. Said once here, so every "no dispatcher" failure names the same causes.
   */
  public static final String LIKELY_CAUSES =
      "Likely causes: (1) the Quiesce annotation processor (dev.quiesce:sdk-processor) is not on"
          + " maven-compiler-plugin's <annotationProcessorPaths> (from JDK 23 on, javac no longer runs"
          + " a processor found only on the class path); (2) maven-compiler-plugin is older than 3.5,"
          + " which ignores <annotationProcessorPaths> without a word (Maven 3.8 uses 3.1 when the"
          + " build does not pin a version); (3) the class is not annotated @Writer."
          + " Fix: pin maven-compiler-plugin (3.16.0, as Quiesce's own build) with <release>17</release>"
          + " or newer, list dev.quiesce:sdk-processor under <annotationProcessorPaths> (Gradle:"
          + " annotationProcessor \"dev.quiesce:sdk-processor\"), rebuild from clean, and look for"
          + " <Writer>_Dispatcher.java under target/generated-sources/annotations.";

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
          "dispatcher "
              + name
              + " of writer "
              + writerType.getName()
              + " cannot be instantiated: "
              + e,
          e);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "dispatcher " + name + " of writer " + writerType.getName() + " failed: " + e.getCause(),
          e);
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
            + ". "
            + LIKELY_CAUSES);
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
          "a listed WriterDispatcher could not be loaded: "
              + e.getMessage()
              + ". Rebuild the writers with the Quiesce annotation processor.",
          e);
    }
    return found;
  }
}
