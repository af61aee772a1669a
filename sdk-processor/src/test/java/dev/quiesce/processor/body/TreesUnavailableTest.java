package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.quiesce.processor.QuiesceProcessor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * Where javac's Tree API cannot be reached (Gradle and IntelliJ wrap the processing environment in
 * their own objects; other compilers have no such API), the body rules are skipped with a single
 * warning and the processor carries on.
 */
class TreesUnavailableTest {
  private static final String SKIPPED = "[Quiesce:BodyRulesSkipped]";

  /** Runs {@link QuiesceProcessor} on a proxy of the environment, as IntelliJ's wrapper does. */
  private static final class WrappedEnvironmentProcessor extends AbstractProcessor {
    private final QuiesceProcessor delegate = new QuiesceProcessor();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      ProcessingEnvironment wrapped =
          (ProcessingEnvironment)
              Proxy.newProxyInstance(
                  ProcessingEnvironment.class.getClassLoader(),
                  new Class<?>[] {ProcessingEnvironment.class},
                  (proxy, method, args) -> {
                    try {
                      return method.invoke(env, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      delegate.init(wrapped);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }
  }

  private static TestSource violating(String name) {
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
            System.err.println(vss.currentSnapshotSetId());
          }
        }
        """
            .formatted(name));
  }

  @Test
  void oneWarningForTheWholeCompilationAndNoBodyErrors() {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new WrappedEnvironmentProcessor())
            .compile(violating("First").file(), violating("Second").file());

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadWarningContaining(SKIPPED);
    String warning = compilation.warnings().get(0).getMessage(Locale.ROOT);
    assertThat(warning).contains("IllegalArgumentException");
    assertThat(warning).contains("dispatchers are still generated");
  }

  @Test
  void noWarningWithoutWriters() {
    TestSource plain =
        new TestSource(
            "test.Plain",
            """
            package test;

            final class Plain {}
            """);

    Compilation compilation =
        Compiler.javac().withProcessors(new WrappedEnvironmentProcessor()).compile(plain.file());

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void plainJavacReportsTheSameSources() {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new QuiesceProcessor())
            .compile(violating("First").file(), violating("Second").file());

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadWarningCount(0);
  }

  @Test
  void unresolvedParameterIsReportedOnTheParameterWhenJavacsReportsAreUnknown() {
    TestSource source =
        TestSource.writer(
            "Unresolved",
            """
            @Writer(name = "unresolved")
            final class Unresolved {
              @OnAbort
              void abort(
                  AbortContext ctx,
                  Absent absent) {} // unresolved parameter
            }
            """);
    Compilation compilation =
        Compiler.javac().withProcessors(new WrappedEnvironmentProcessor()).compile(source.file());

    long line = source.line("// unresolved parameter");
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(source.file())
        .onLine(line);
    assertThat(compilation)
        .hadErrorContaining(
            "[Quiesce:UnresolvedType] Quiesce could not process parameter 'absent' of"
                + " test.Unresolved.abort() because Absent never resolved.")
        .inFile(source.file())
        .onLine(line);
    assertThat(compilation).hadErrorCount(2);
  }
}
