package dev.quiesce.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.testing.Compilations.compile;
import static dev.quiesce.processor.testing.RuleAssertions.assertOnlyError;

import com.google.common.truth.Truth;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.quiesce.processor.testing.Compilations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules on {@code @SessionState} classes (DESIGN section 3). */
class SessionStateRulesTest {
  /** A writer taking {@code Held} in Freeze and Thaw, with {@code held} declaring Held. */
  private static JavaFileObject writerWith(String held) {
    return JavaFileObjects.forSourceString(
        "test.W",
        """
        package test;
        import dev.quiesce.api.*;
        import jakarta.inject.Inject;
        @Writer(name = "w")
        class W {
          %s
          @OnFreeze void freeze(Held held) {}
          @OnThaw void thaw(Held held) {}
        }
        """
            .formatted(held));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "@SessionState abstract static class Held {} | abstract",
        "@SessionState private static class Held {} | private",
        "@SessionState class Held {} | a non-static inner class",
        "@SessionState static class Held<T> {} | generic",
        "@SessionState static class Held { Held(int x) {} } | not injectable: it has no @Inject",
        "@SessionState static class Held { private Held() {} } | not injectable: it has no @Inject",
        "@SessionState interface Held {} | an interface",
        "@SessionState enum Held { A } | an enum"
      })
  void badSessionStateClass(String declaration, String problem) {
    JavaFileObject w = writerWith(declaration);
    Compilation c = compile(w);
    // One error, on the class, however many handlers take it.
    assertOnlyError(c, w, Diagnostic.SESSION_STATE_SHAPE, "@SessionState");
    assertThat(c).hadErrorContaining("@SessionState class test.W.Held is " + problem);
  }

  @Test
  void sessionStateWithTwoInjectConstructors() {
    JavaFileObject w =
        writerWith(
            """
            @SessionState static class Held {
                @Inject Held() {}
                @Inject Held(String s) {}
              }\
            """);
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.SESSION_STATE_SHAPE, "@Inject Held(String s)");
    assertThat(c).hadErrorContaining("more than one @Inject constructor");
  }

  /**
   * A writer whose handlers take a bad session state class gets no dispatcher, although the class's
   * problems were reported before the writer was checked (its report is the writer's too). Compile
   * Testing hides the files of a failed compilation, so this compiles into a real directory.
   */
  @Test
  void writerTakingABadSessionStateClassGetsNoDispatcher(@TempDir Path dir) throws IOException {
    Path source = dir.resolve("W.java");
    JavaFileObject writer = writerWith("@SessionState abstract static class Held {}");
    Files.writeString(source, writer.getCharContent(true));
    Path out = Files.createDirectories(dir.resolve("out"));
    Compilations.OnDisk result = Compilations.compileInto(out, source);
    Truth.assertThat(result.succeeded()).isFalse();
    Truth.assertThat(result.output()).contains(Diagnostic.SESSION_STATE_SHAPE.tag());
    Truth.assertThat(Files.exists(out.resolve("test/W_Dispatcher.java"))).isFalse();
  }

  @Test
  void badSessionStateClassNotUsedByAnyHandlerIsStillReported() {
    JavaFileObject state =
        JavaFileObjects.forSourceString(
            "test.Unused",
            """
            package test;
            import dev.quiesce.api.*;
            @SessionState
            abstract class Unused {}
            """);
    assertOnlyError(compile(state), state, Diagnostic.SESSION_STATE_SHAPE, "abstract class Unused");
  }

  @Test
  void sessionStateNotAccessibleFromTheWritersPackage() {
    // The writer may name Held (a protected member of its superclass); its dispatcher, in the
    // writer's package but no subclass, may not.
    JavaFileObject base =
        JavaFileObjects.forSourceString(
            "other.Base",
            """
            package other;
            import dev.quiesce.api.SessionState;
            public class Base {
              @SessionState
              protected static class Held {
                public Held() {}
              }
            }
            """);
    JavaFileObject writer =
        JavaFileObjects.forSourceString(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            public class W extends other.Base {
              @OnAbort void abort(
                  Held held) {}
            }
            """);
    Compilation c = compile(base, writer);
    assertOnlyError(c, writer, Diagnostic.SESSION_STATE_INACCESSIBLE, "Held held");
    assertThat(c)
        .hadErrorContaining(
            "@SessionState class other.Base.Held, taken by parameter 'held' of abort(), cannot be"
                + " named from package test.");
  }

  @Test
  void publicSessionStateOfAnotherPackageIsFine() {
    JavaFileObject state =
        JavaFileObjects.forSourceString(
            "other.Held",
            """
            package other;
            import dev.quiesce.api.SessionState;
            @SessionState
            public final class Held {
              @SessionState
              public static final class Nested {}
            }
            """);
    JavaFileObject writer =
        JavaFileObjects.forSourceString(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            class W {
              @OnAbort void abort(other.Held held, other.Held.Nested nested) {}
            }
            """);
    assertThat(compile(state, writer)).succeededWithoutWarnings();
  }
}
