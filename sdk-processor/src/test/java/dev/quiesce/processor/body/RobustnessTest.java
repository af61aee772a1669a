package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.body.BodyAssertions.errorAt;
import static dev.quiesce.processor.body.BodyAssertions.noInternalError;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.quiesce.api.Writer;
import dev.quiesce.processor.QuiesceProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * The analysis across files, nested writers, shared supertypes and broken code: every problem is
 * reported once, and the processor never fails.
 */
class RobustnessTest {
  private static final String WRONG_EVENT = "[Quiesce:RestrictedCallWrongEvent]";

  private static Compilation compile(TestSource... sources) {
    return Compiler.javac()
        .withProcessors(new QuiesceProcessor())
        .compile(java.util.Arrays.stream(sources).map(TestSource::file).toList());
  }

  @Test
  void unresolvedSymbolsInTheWriterDoNotStopTheAnalysis() {
    TestSource source =
        TestSource.writer(
            "Broken",
            """
            @Writer(name = "broken")
            final class Broken {
              private final WriterContext vss;

              @Inject
              Broken(WriterContext vss) {
                this.vss = vss;
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                Missing missing = undefined(vss.currentSnapshotSetId()); // broken
                helper(missing);
              }

              private void helper(Object value) {
                System.err.println(value + " " + vss.currentSnapshotSetId()); // still checked
              }
            }
            """);
    Compilation compilation = compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    assertThat(errorAt(compilation, source, "still checked", WRONG_EVENT))
        .contains("BackupShutdown (shutdown -> helper -> currentSnapshotSetId())");
    noInternalError(compilation);
  }

  /** Generates a class that calls each writer's shutdown handler, as the dispatchers will. */
  private static final class DispatcherLikeGenerator extends AbstractProcessor {
    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of(Writer.class.getCanonicalName());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      for (Element writer : round.getElementsAnnotatedWith(Writer.class)) {
        String name = writer.getSimpleName() + "_Caller";
        try (java.io.Writer out =
            processingEnv.getFiler().createSourceFile("test." + name, writer).openWriter()) {
          out.write(
              "package test;\n"
                  + "final class "
                  + name
                  + " {\n"
                  + "  static void call("
                  + writer.getSimpleName()
                  + " writer) { writer.shutdown(null); }\n"
                  + "}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void generatedSourcesInLaterRoundsDoNotRepeatOrLoseErrors() {
    TestSource violating = shutdownWriter("Generating");
    TestSource legal =
        TestSource.writer(
            "Legal",
            """
            @Writer(name = "legal")
            final class Legal {
              record Entry(SnapshotSetId id) {
                Entry {
                  Objects.requireNonNull(id);
                }
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                System.err.println(ctx.snapshotSetId());
              }
            }
            """);
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new QuiesceProcessor(), new DispatcherLikeGenerator())
            .compile(violating.file(), legal.file());

    errorAt(compilation, violating, "wrong event", WRONG_EVENT);
    assertThat(compilation).hadErrorCount(1);

    Compilation legalOnly =
        Compiler.javac()
            .withProcessors(new QuiesceProcessor(), new DispatcherLikeGenerator())
            .compile(legal.file());
    assertThat(legalOnly).succeededWithoutWarnings();
    assertThat(legalOnly).generatedSourceFile("test.Legal_Caller");
  }

  @Test
  void writersInSeveralFilesAreAllChecked() {
    TestSource first = shutdownWriter("First");
    TestSource second = shutdownWriter("Second");
    Compilation compilation = compile(first, second);

    errorAt(compilation, first, "wrong event", WRONG_EVENT);
    errorAt(compilation, second, "wrong event", WRONG_EVENT);
    assertThat(compilation).hadErrorCount(2);
  }

  private static TestSource shutdownWriter(String name) {
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

          @OnBackupShutdown
          void shutdown(BackupShutdownContext ctx) {
            System.err.println(vss.currentSnapshotSetId()); // wrong event
          }
        }
        """
            .formatted(name));
  }

  @Test
  void supertypeSharedByTwoWritersIsReportedOnce() {
    TestSource base =
        TestSource.writer(
            "Journaled",
            """
            abstract class Journaled {
              protected WriterContext vss;

              protected final void closeJournal() {
                System.err.println("closing " + vss.currentSnapshotSetId()); // shared base
              }
            }
            """);
    TestSource first =
        TestSource.writer(
            "Orders",
            """
            @Writer(name = "orders")
            final class Orders extends Journaled {
              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                closeJournal();
              }
            }
            """);
    TestSource second =
        TestSource.writer(
            "Invoices",
            """
            @Writer(name = "invoices")
            final class Invoices extends Journaled {
              @OnFreeze
              void freeze(FreezeContext ctx) {
                closeJournal();
              }

              @OnThaw
              void thaw(ThawContext ctx) {}
            }
            """);
    // Whichever file javac analyzes first, the supertype's code is read before it is lowered, and
    // its call is reported once, with the analysis of the first writer in source order.
    for (Compilation compilation :
        new Compilation[] {compile(base, first, second), compile(first, second, base)}) {
      String message = errorAt(compilation, base, "shared base", WRONG_EVENT);
      assertThat(message)
          .contains(
              "BackupShutdown (shutdown -> closeJournal -> currentSnapshotSetId()) and from"
                  + " outside every event (non-private method closeJournal"
                  + " -> currentSnapshotSetId()), in writer Orders.");
      assertThat(compilation).hadErrorCount(1);
    }
  }

  @Test
  void nestedWritersAreCheckedOnTheirOwn() {
    TestSource source =
        TestSource.writer(
            "Writers",
            """
            final class Writers {
              @Writer(name = "outer-nested")
              static final class Outer {
                private final WriterContext vss;

                @Inject
                Outer(WriterContext vss) {
                  this.vss = vss;
                }

                @OnAbort
                void abort(AbortContext ctx) {
                  System.err.println(vss.currentVolumes()); // outer abort
                }

                @Writer(name = "inner-nested")
                static final class Inner {
                  private final WriterContext vss;

                  @Inject
                  Inner(WriterContext vss) {
                    this.vss = vss;
                  }

                  @OnBackupComplete
                  void complete(BackupCompleteContext ctx) {
                    System.err.println(vss.currentVolumes()); // inner complete
                  }
                }
              }
            }
            """);
    Compilation compilation = compile(source);

    assertThat(errorAt(compilation, source, "outer abort", WRONG_EVENT))
        .contains("Abort (abort -> currentVolumes())");
    assertThat(errorAt(compilation, source, "inner complete", WRONG_EVENT))
        .contains("BackupComplete (complete -> currentVolumes())");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void genericSupertypeAndInterfaceDefaultMethod() {
    TestSource source =
        TestSource.writer(
            "Generic",
            """
            interface SnapshotAware {
              WriterContext vss();

              default SnapshotSetId snapshot() {
                return vss().currentSnapshotSetId(); // default method
              }
            }

            abstract class Handler<T> {
              abstract void handle(T value);

              final void handleAll(List<T> values) {
                values.forEach(this::handle);
              }
            }

            @Writer(name = "generic")
            final class Generic extends Handler<String> implements SnapshotAware {
              private final WriterContext vss;

              @Inject
              Generic(WriterContext vss) {
                this.vss = vss;
              }

              @Override
              public WriterContext vss() {
                return vss;
              }

              @Override
              void handle(String value) {
                System.err.println(value);
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                handleAll(List.of("a", "b"));
                System.err.println(snapshot());
              }
            }
            """);
    Compilation compilation = compile(source);

    String message = errorAt(compilation, source, "default method", WRONG_EVENT);
    assertThat(message).contains("BackupShutdown (shutdown -> snapshot -> currentSnapshotSetId())");
    assertThat(message)
        .contains("outside every event (non-private method snapshot -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
    noInternalError(compilation);
  }
}
