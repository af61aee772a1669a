package dev.quiesce.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.testing.Compilations.compile;
import static dev.quiesce.processor.testing.Compilations.compileWith;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.quiesce.processor.testing.SourceGenerator;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Situations that crash careless processors: types that do not resolve (yet), clashing generated
 * names. Each must end in clean errors or a good build, never in an exception thrown into javac
 * (Compile Testing would rethrow it from {@code compile}).
 */
class RobustnessTest {
  @Test
  void typeThatNeverResolvesGivesCleanErrors() {
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "test.W",
"""
            package test;
            import dev.quiesce.api.*;
            import java.util.List;
import java.util.Locale;
            @Writer(name = "w")
            class W {
              @OnFreeze void freeze(FreezeContext c, List<Missing> held) {}
              @OnThaw void thaw() {}
            }
""");
    Compilation c = compile(w);
    assertThat(c).failed();
    // javac says it on the parameter; the processor adds nothing there, nor on the class.
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("cannot find symbol").inFile(w).onLineContaining("Missing");
    assertNoQuiesceError(c);
  }

  @Test
  void unresolvedParameterOnItsOwnLineIsJavacsOnly() {
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            class W {
              @OnAbort
              void abort(
                  AbortContext c,
                  Absent absent) {}
            }
            """);
    Compilation c = compile(w);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("cannot find symbol").inFile(w).onLine(8);
    assertNoQuiesceError(c);
  }

  private static void assertNoQuiesceError(Compilation c) {
    for (javax.tools.Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      assertThat(d.getMessage(Locale.ROOT)).doesNotContain("[Quiesce:");
    }
  }

  @Test
  void unresolvedReturnTypeAndBadHandlerInAnotherWriter() {
    JavaFileObject broken =
        JavaFileObjects.forSourceString(
            "test.Broken",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "broken")
            class Broken {
              @OnIdentify Nowhere identify() { return null; }
            }
            """);
    JavaFileObject bad =
        JavaFileObjects.forSourceString(
            "test.Bad",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "bad")
            class Bad {
              @OnIdentify private void identify() {}
            }
            """);
    Compilation c = compile(broken, bad);
    assertThat(c).hadErrorCount(2);
    assertThat(c).hadErrorContaining("cannot find symbol").inFile(broken).onLine(5);
    assertThat(c).hadErrorContaining(Diagnostic.HANDLER_MODIFIER.tag()).inFile(bad).onLine(5);
  }

  @Test
  void typeGeneratedInALaterRoundIsWaitedFor() {
    // test.Later does not exist when the processor first sees the writer; another processor
    // generates it in round 1, so the writer is deferred to round 2 and then generated normally.
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            class W {
              @OnAbort void abort(Later later) {}
            }
            """);
    String later =
        """
        package test;
        @dev.quiesce.api.SessionState
        public final class Later {}
        """;
    Compilation c = compileWith(List.of(new SourceGenerator("test.Later", later)), w);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test.W_Dispatcher")
        .contentsAsUtf8String()
        .contains("writer.abort(session.sessionState(Later.class));");
  }

  @Test
  void attributeConstantGeneratedInALaterRoundIsWaitedFor() {
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = Names.W)
            class W {}
            """);
    String names =
        """
        package test;
        final class Names {
          static final String W = "from-a-constant";
        }
        """;
    Compilation c = compileWith(List.of(new SourceGenerator("test.Names", names)), w);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test.W_Dispatcher")
        .contentsAsUtf8String()
        .contains("\"from-a-constant\",");
  }

  @Test
  void attributeConstantThatNeverResolvesGivesCleanErrors() {
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w", freezeTimeoutMillis = Timeouts.FREEZE)
            class W {}
            """);
    Compilation c = compile(w);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("cannot find symbol").inFile(w).onLine(3);
    assertNoQuiesceError(c);
  }

  @Test
  void twoWritersWhoseDispatchersClashGetAnErrorNotACrash() {
    JavaFileObject nested =
        JavaFileObjects.forSourceString(
            "test.Outer",
            """
            package test;
            import dev.quiesce.api.*;
            public class Outer {
              @Writer(name = "nested")
              public static class Inner {}
            }
            """);
    JavaFileObject flat =
        JavaFileObjects.forSourceString(
            "test.Outer_Inner",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "flat")
            public class Outer_Inner {}
            """);
    Compilation c = compile(nested, flat);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining(Diagnostic.WRITE_FAILED.tag());
    assertThat(c).hadErrorContaining("test.Outer_Inner_Dispatcher");
  }
}
