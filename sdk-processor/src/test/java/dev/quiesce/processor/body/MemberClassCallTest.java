package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.body.BodyAssertions.errorAt;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Member classes of the writer are its code: calls into their methods are followed like calls of
 * the writer's own private methods; only what other code can reach may run later.
 */
class MemberClassCallTest {
  private static final String WRONG_EVENT = "[Quiesce:RestrictedCallWrongEvent]";
  private static final String DEFERRED = "[Quiesce:RestrictedCallDeferred]";

  /**
   * A writer with an injected {@code vss}, Freeze, Thaw and BackupShutdown, and {@code members}.
   */
  private static TestSource writer(String name, String freeze, String shutdown, String members) {
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

          @OnBackupShutdown
          void shutdown(ShutdownCause cause) {
        %3$s
          }
        %4$s
        }
        """
            .formatted(name, freeze, shutdown, members));
  }

  @Test
  void privateMethodOfPrivateStaticNestedClassFromAllowedHandler() {
    TestSource source =
        writer(
            "Flushing",
            """
                Flusher.flush(vss);
                new Flusher().log(vss);
            """,
            "",
            """

              private static final class Flusher {
                private static void flush(WriterContext vss) {
                  System.err.println(vss.currentSnapshotSetId());
                }

                void log(WriterContext vss) {
                  System.err.println(vss.currentSnapshotSetId());
                }
              }
            """);
    Compilation compilation = source.compile();

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void innerClassMethodUsingTheWritersFieldsFromAllowedHandler() {
    TestSource source =
        writer(
            "Inner",
            """
                new Printer().print();
            """,
            "",
            """

              private final class Printer {
                private void print() {
                  System.err.println(vss.currentSnapshotSetId());
                }
              }
            """);
    Compilation compilation = source.compile();

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void privateMethodOfNestedClassFromWrongHandler() {
    TestSource source =
        writer(
            "Late",
            "",
            """
                Flusher.flush(vss);
            """,
            """

              private static final class Flusher {
                private static void flush(WriterContext vss) {
                  System.err.println(vss.currentSnapshotSetId()); // nested call
                }
              }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "nested call", WRONG_EVENT))
        .contains(
            "but it is reached from BackupShutdown (shutdown -> Flusher.flush ->"
                + " currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void constructorOfNestedClassFromWrongHandler() {
    TestSource source =
        writer(
            "Building",
            "",
            """
                new Snapshot(vss);
            """,
            """

              private record Snapshot(SnapshotSetId id) {
                private Snapshot(WriterContext vss) {
                  this(vss.currentSnapshotSetId()); // record call
                }
              }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "record call", WRONG_EVENT))
        .contains("(shutdown -> constructor Snapshot -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void accessibleNestedClassMayRunLater() {
    TestSource source =
        writer(
            "Open",
            """
                new Helper().print(vss);
            """,
            "",
            """

              static final class Helper {
                void print(WriterContext vss) {
                  System.err.println(vss.currentSnapshotSetId()); // open call
                }
              }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "open call", DEFERRED))
        .contains("(Helper.print -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
  }
}
