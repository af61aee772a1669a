package dev.quiesce.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.quiesce.processor.testing.CrashingFilerProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.lang.model.SourceVersion;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** How the processor presents itself to javac and to build tools, and how it fails. */
class ProcessorContractTest {
  private static final JavaFileObject WRITER =
      JavaFileObjects.forSourceString(
          "test.W",
          """
          package test;
          import dev.quiesce.api.*;
          @Writer(name = "w")
          final class W {
            @SessionState static final class Held {}
            @OnFreeze void freeze(FreezeContext c, Held held) {}
            @OnThaw void thaw(Held held) {}
          }
          """);

  @Test
  void namesTheThirteenAnnotationsItHandles() {
    assertThat(new QuiesceProcessor().getSupportedAnnotationTypes())
        .containsExactly(
            "dev.quiesce.api.Writer",
            "dev.quiesce.api.SessionState",
            "dev.quiesce.api.OnIdentify",
            "dev.quiesce.api.OnPrepareBackup",
            "dev.quiesce.api.OnPrepareSnapshot",
            "dev.quiesce.api.OnFreeze",
            "dev.quiesce.api.OnThaw",
            "dev.quiesce.api.OnPostSnapshot",
            "dev.quiesce.api.OnAbort",
            "dev.quiesce.api.OnBackupComplete",
            "dev.quiesce.api.OnBackupShutdown",
            "dev.quiesce.api.OnPreRestore",
            "dev.quiesce.api.OnPostRestore");
  }

  @Test
  void supportsTheLatestSourceVersion() {
    assertThat(new QuiesceProcessor().getSupportedSourceVersion())
        .isEqualTo(SourceVersion.latestSupported());
  }

  @Test
  void isRegisteredForServiceLoaderAndAsAnAggregatingGradleProcessor() throws IOException {
    assertThat(resource("META-INF/services/javax.annotation.processing.Processor").trim())
        .isEqualTo(QuiesceProcessor.class.getName());
    assertThat(resource("META-INF/gradle/incremental.annotation.processors").trim())
        .isEqualTo(QuiesceProcessor.class.getName() + ",aggregating");
  }

  @Test
  void fullLintWarnsOnlyThatNoProcessorClaimedTheAnnotations() {
    // The processor returns false so it claims nothing; javac's "processing" lint says so. Every
    // other lint category is clean for a well-formed writer and its generated dispatcher.
    Compilation c =
        Compiler.javac()
            .withProcessors(new QuiesceProcessor())
            .withOptions("-Xlint:all")
            .compile(WRITER);
    assertThat(c).succeeded();
    assertThat(c.warnings()).isNotEmpty();
    for (javax.tools.Diagnostic<? extends JavaFileObject> warning : c.warnings()) {
      assertThat(warning.getMessage(Locale.ROOT))
          .startsWith("No processor claimed any of these annotations");
    }
  }

  @Test
  void anExceptionBecomesAnErrorOnTheWriterNotACrash() {
    JavaFileObject fine =
        JavaFileObjects.forSourceString(
            "test.Fine",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "fine")
            class Fine {}
            """);
    Compilation c =
        Compiler.javac()
            .withProcessors(new CrashingFilerProcessor("W_Dispatcher"))
            .compile(WRITER, fine);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining(
            Diagnostic.INTERNAL_ERROR.tag() + " The Quiesce processor failed on test.W.")
        .inFile(WRITER)
        .onLineContaining("final class W");
    assertThat(c).hadErrorContaining("simulated crash writing test.W_Dispatcher");
  }

  @Test
  void everyDiagnosticHasAGreppableTag() {
    for (Diagnostic diagnostic : Diagnostic.values()) {
      assertThat(diagnostic.tag()).matches("\\[Quiesce:[A-Z][A-Za-z]+\\]");
    }
    assertThat(Diagnostic.HANDLER_NOT_VOID.tag()).isEqualTo("[Quiesce:HandlerNotVoid]");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = QuiesceProcessor.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
