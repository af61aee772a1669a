package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.body.BodyAssertions.errorAt;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Restricted calls in code that may run after the handler returned: lambdas, method references,
 * anonymous, local and nested classes, even inside a handler of an allowed event (DESIGN section 4,
 * item 3).
 */
class DeferredCallTest {
  private static final String DEFERRED = "[Quiesce:RestrictedCallDeferred]";

  /** A writer with an injected {@code vss}, Freeze and Thaw handlers, and {@code members}. */
  private static TestSource writer(String name, String freezeBody, String members) {
    return TestSource.writer(
        name,
        """
        @Writer(name = "%1$s")
        final class %1$s {
          private final WriterContext vss;

          @Inject
          %1$s(WriterContext vss) {
            this.vss = vss;
          }

          @OnFreeze
          void freeze(FreezeContext ctx) {
        %2$s
          }

          @OnThaw
          void thaw(ThawContext ctx) {}
        %3$s
        }
        """
            .formatted(name, freezeBody, members));
  }

  @Test
  void lambdaInAllowedHandler() {
    TestSource source =
        writer(
            "Async",
            """
                java.util.concurrent.CompletableFuture.runAsync(
                    () -> System.err.println(vss.currentSnapshotSetId())); // later
            """,
            "");
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "// later", DEFERRED);
    long line = source.line("// later");
    assertThat(message)
        .contains(
            "WriterContext.currentSnapshotSetId() may be called only during PrepareSnapshot,"
                + " Freeze, Thaw or PostSnapshot, but it is reached from code that may run later"
                + " (lambda at line "
                + line
                + " in freeze -> currentSnapshotSetId())");
    assertThat(message).contains("may run after the handler returned");
    assertThat(message).contains("call WriterContext.currentSnapshotSetId() in the handler itself");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void methodReferenceOnWriterContext() {
    TestSource source =
        writer(
            "Reference",
            """
                Supplier<SnapshotSetId> later = vss::currentSnapshotSetId; // vss reference
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "vss reference", DEFERRED))
        .contains(
            "(method reference at line "
                + source.line("vss reference")
                + " in freeze -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void methodReferenceOnContextIsOneError() {
    TestSource source =
        writer(
            "ContextReference",
            """
                Supplier<SnapshotSetId> later = ctx::currentSnapshotSetId; // ctx reference
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "ctx reference", DEFERRED))
        .contains("SnapshotEventContext.currentSnapshotSetId() may be called only during");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void contextCapturedOnlyToMakeARestrictedCallIsOneError() {
    TestSource source =
        writer(
            "Captured",
            """
                Runnable later = () -> ctx.volumes(); // captured call
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "captured call", DEFERRED))
        .contains("SnapshotEventContext.volumes() may be called only during");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void anonymousClass() {
    TestSource source =
        writer(
            "Anonymous",
            """
                new Thread(
                        new Runnable() { // anonymous
                          @Override
                          public void run() {
                            System.err.println(vss.currentSnapshotSetId()); // in anonymous
                          }
                        })
                    .start();
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "in anonymous", DEFERRED))
        .contains(
            "(anonymous class at line "
                + source.line("// anonymous")
                + " in freeze -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void localClass() {
    TestSource source =
        writer(
            "Local",
            """
                class Later implements Runnable {
                  @Override
                  public void run() {
                    System.err.println(vss.currentVolumes()); // in local class
                  }
                }
                new Thread(new Later()).start();
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "in local class", DEFERRED))
        .contains("(local class Later in freeze -> currentVolumes())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void nestedClassOfTheWriter() {
    TestSource source =
        writer(
            "Nested",
            """
                new Thread(new Task()).start();
            """,
            """

              private final class Task implements Runnable {
                @Override
                public void run() {
                  System.err.println(vss.currentSnapshotSetId()); // in nested class
                }
              }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "in nested class", DEFERRED))
        .contains("(Task.run -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void lambdaCallingPrivateHelperIsReportedAtTheHelpersCall() {
    TestSource source =
        writer(
            "Helper",
            """
                remember();
                java.util.concurrent.CompletableFuture.runAsync(() -> remember()); // lambda
            """,
            """

              private void remember() {
                System.err.println(vss.currentSnapshotSetId()); // helper call
              }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "helper call", DEFERRED);
    assertThat(message)
        .contains(
            "(lambda at line "
                + source.line("// lambda")
                + " in freeze -> remember -> currentSnapshotSetId())");
    assertThat(message).doesNotContain("Freeze (");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void anonymousClassAndMethodReferenceCallingPrivateHelper() {
    TestSource source =
        writer(
            "Indirect",
            """
                java.util.concurrent.CompletableFuture.runAsync(this::remember); // reference
                new Thread(
                        new Runnable() { // anonymous
                          @Override
                          public void run() {
                            remember();
                          }
                        })
                    .start();
            """,
            """

              private void remember() {
                System.err.println(vss.currentSnapshotSetId()); // helper call
              }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "helper call", DEFERRED))
        .contains(
            "(method reference at line "
                + source.line("// reference")
                + " in freeze -> remember -> currentSnapshotSetId(); anonymous class at line "
                + source.line("// anonymous")
                + " in freeze -> remember -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void lambdaInFieldInitializer() {
    TestSource source =
        TestSource.writer(
            "Field",
            """
            @Writer(name = "field")
            final class Field {
              private WriterContext vss;
              private final Supplier<SnapshotSetId> id =
                  () -> vss.currentSnapshotSetId(); // field lambda

              @Inject
              Field(WriterContext vss) {
                this.vss = vss;
              }
            }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "field lambda", DEFERRED))
        .contains(
            "(lambda at line "
                + source.line("field lambda")
                + " in initializer of field id -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
  }
}
