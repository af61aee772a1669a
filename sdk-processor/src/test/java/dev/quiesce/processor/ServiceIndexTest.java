package dev.quiesce.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.testing.Compilations.compile;
import static dev.quiesce.processor.testing.Compilations.compileWith;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.quiesce.processor.codegen.ServiceIndex;
import dev.quiesce.processor.testing.SourceGenerator;
import java.io.IOException;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** The {@code META-INF/services} index of dispatchers the runtime finds writers by. */
class ServiceIndexTest {
  private static JavaFileObject writer(String qualifiedName, String name) {
    int dot = qualifiedName.lastIndexOf('.');
    return JavaFileObjects.forSourceString(
        qualifiedName,
        """
        package %s;
        import dev.quiesce.api.*;
        @Writer(name = "%s")
        public class %s {
          @OnIdentify void identify() {}
        }
        """
            .formatted(qualifiedName.substring(0, dot), name, qualifiedName.substring(dot + 1)));
  }

  private static String index(Compilation compilation) throws IOException {
    assertThat(compilation).succeededWithoutWarnings();
    return compilation
        .generatedFile(StandardLocation.CLASS_OUTPUT, ServiceIndex.PATH)
        .orElseThrow(() -> new AssertionError("no " + ServiceIndex.PATH))
        .getCharContent(true)
        .toString();
  }

  @Test
  void listsEveryWriterSortedOnce() throws IOException {
    Compilation c =
        compile(
            writer("zeta.Z", "z"),
            writer("alpha.B", "b"),
            writer("alpha.A", "a"),
            JavaFileObjects.forSourceString(
                "alpha.Outer",
                """
                package alpha;
                import dev.quiesce.api.*;
                public class Outer {
                  @Writer(name = "nested")
                  public static class Inner {}
                }
                """));
    assertThat(index(c))
        .isEqualTo(
            "alpha.A_Dispatcher\n"
                + "alpha.B_Dispatcher\n"
                + "alpha.Outer_Inner_Dispatcher\n"
                + "zeta.Z_Dispatcher\n");
  }

  @Test
  void listsWritersOfEveryRound() throws IOException {
    // round 1: test.First (a source) and, from SourceGenerator, test.Second; round 2: test.Second
    String second =
        """
        package test;
        import dev.quiesce.api.*;
        @Writer(name = "second")
        public class Second {
          @OnAbort void abort(AbortContext c) {}
        }
        """;
    Compilation c =
        compileWith(
            List.of(new SourceGenerator("test.Second", second)), writer("test.First", "first"));
    assertThat(index(c)).isEqualTo("test.First_Dispatcher\ntest.Second_Dispatcher\n");
    assertThat(c).generatedSourceFile("test.Second_Dispatcher").isNotNull();
  }

  @Test
  void noWriterNoIndex() {
    Compilation c =
        compile(
            JavaFileObjects.forSourceString(
                "test.Plain",
                """
                package test;
                class Plain {}
                """));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c.generatedFile(StandardLocation.CLASS_OUTPUT, ServiceIndex.PATH)).isEmpty();
  }
}
