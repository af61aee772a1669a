package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.body.BodyAssertions.errorAt;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * The calls the language makes without a call in the source, {@code iterator()} in an enhanced
 * {@code for} and {@code close()} in a try-with-resources, follow the rule of written calls.
 */
class ImplicitCallTest {
  private static final String WRONG_EVENT = "[Quiesce:RestrictedCallWrongEvent]";
  private static final String DEFERRED = "[Quiesce:RestrictedCallDeferred]";

  /** A writer with Freeze, Thaw and BackupShutdown, and a {@code Volumes} API type. */
  private static TestSource writer(String name, String freeze, String shutdown) {
    return TestSource.writer(
        name,
        """
        @Writer(name = "%1$s")
        final class %1$s {
          @OnFreeze
          void freeze(FreezeContext ctx) {
        %2$s
          }

          @OnThaw
          void thaw(ThawContext ctx) {}

          @OnBackupShutdown
          void shutdown(ShutdownCause cause) {
        %3$s
          }
        }

        /** An API type whose iteration and closing are restricted to Freeze. */
        final class Volumes implements Iterable<String>, AutoCloseable {
          @Override
          @CallableDuring(WriterEvent.FREEZE)
          public Iterator<String> iterator() {
            return List.<String>of().iterator();
          }

          @Override
          @CallableDuring(WriterEvent.FREEZE)
          public void close() {}
        }
        """
            .formatted(name, freeze, shutdown));
  }

  @Test
  void implicitCallsInAllowedHandler() {
    TestSource source =
        writer(
            "Allowed",
            """
                try (Volumes volumes = new Volumes()) {
                  for (String volume : volumes) {
                    System.err.println(volume);
                  }
                }
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void enhancedForInWrongHandler() {
    TestSource source =
        writer(
            "Iterating",
            "",
            """
                for (String volume : new Volumes()) { // implicit iterator
                  System.err.println(volume);
                }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "implicit iterator", WRONG_EVENT);
    assertThat(message)
        .contains(
            "Volumes.iterator() may be called only during Freeze, but it is reached from"
                + " BackupShutdown (shutdown -> iterator())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void tryWithResourcesInWrongHandler() {
    TestSource source =
        writer(
            "Closing",
            "",
            """
                try (Volumes volumes = new Volumes()) { // implicit close
                  System.err.println(volumes);
                }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "implicit close", WRONG_EVENT);
    assertThat(message)
        .contains(
            "Volumes.close() may be called only during Freeze, but it is reached from"
                + " BackupShutdown (shutdown -> close())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void enhancedForInLambda() {
    TestSource source =
        writer(
            "Later",
            """
                Runnable later =
                    () -> {
                      for (String volume : new Volumes()) { // later iterator
                        System.err.println(volume);
                      }
                    };
                later.run();
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "later iterator", DEFERRED))
        .contains("in freeze -> iterator())");
    assertThat(compilation).hadErrorCount(1);
  }
}
