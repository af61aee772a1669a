package dev.quiesce.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.testing.Compilations.compile;
import static dev.quiesce.processor.testing.RuleAssertions.assertError;
import static dev.quiesce.processor.testing.RuleAssertions.assertOnlyError;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules on the {@code @Writer} class itself and its attributes (DESIGN section 4, item 1). */
class WriterRulesTest {
  private static JavaFileObject source(String name, String text) {
    return JavaFileObjects.forSourceString(name, text);
  }

  @Test
  void abstractWriter() {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            abstract class W {
              @OnIdentify void identify(IdentifyContext c) {}
            }
            """);
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.WRITER_SHAPE, "abstract class W");
    assertThat(c).hadErrorContaining("@Writer class test.W is abstract.");
  }

  @Test
  void privateWriter() {
    JavaFileObject w =
        source(
            "test.Outer",
            """
            package test;
            import dev.quiesce.api.*;
            class Outer {
              @Writer(name = "w")
              private static class W {}
            }
            """);
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.WRITER_SHAPE, "private static class W");
    assertThat(c).hadErrorContaining("test.Outer.W is private.");
  }

  @Test
  void nonStaticInnerWriter() {
    JavaFileObject w =
        source(
            "test.Outer",
            """
            package test;
            import dev.quiesce.api.*;
            class Outer {
              @Writer(name = "w")
              class W {}
            }
            """);
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.WRITER_SHAPE, "class W {}");
    assertThat(c).hadErrorContaining("is a non-static inner class");
  }

  @Test
  void writerNestedInPrivateClass() {
    JavaFileObject w =
        source(
            "test.Outer",
            """
            package test;
            import dev.quiesce.api.*;
            class Outer {
              private static class Hidden {
                @Writer(name = "w")
                static class W {}
              }
            }
            """);
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.WRITER_SHAPE, "static class W {}");
    assertThat(c).hadErrorContaining("is nested in private class test.Outer.Hidden");
  }

  @Test
  void genericWriter() {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            class W<T> {}
            """);
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.WRITER_SHAPE, "class W<T>");
    assertThat(c).hadErrorContaining("is generic");
  }

  @ParameterizedTest
  @ValueSource(strings = {"interface", "enum", "@interface"})
  void writerThatIsNotAClass(String kind) {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            %s W {}
            """
                .formatted(kind));
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.WRITER_SHAPE, kind + " W");
    assertThat(c)
        .hadErrorContaining(
            "is " + (kind.equals("@interface") ? "an annotation type" : "an " + kind));
  }

  @Test
  void writerWithoutInjectableConstructor() {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            class W {
              W(String dependency) {}
            }
            """);
    assertOnlyError(compile(w), w, Diagnostic.WRITER_NOT_INJECTABLE, "class W {");
  }

  @Test
  void writerWithOnlyAPrivateNoArgConstructor() {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            class W {
              private W() {}
            }
            """);
    assertOnlyError(compile(w), w, Diagnostic.WRITER_NOT_INJECTABLE, "class W {");
  }

  @Test
  void writerWithTwoInjectConstructors() {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            import jakarta.inject.Inject;
            @Writer(name = "w")
            class W {
              @Inject W() {}
              @Inject W(String s) {}
            }
            """);
    assertOnlyError(compile(w), w, Diagnostic.WRITER_TOO_MANY_INJECT, "@Inject W(String s)");
  }

  @Test
  void blankName() {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(
                name = "  ",
                level = ApplicationLevel.BACK_END)
            class W {}
            """);
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.WRITER_BLANK_NAME, "name = \"  \"");
    assertThat(c).hadErrorContaining(Diagnostic.WRITER_BLANK_NAME.tag()).inFile(w).onLine(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "1-2-3-4-5", "6f1f6a5e-6b1c-4c58-9a0e-2f4b9f0f3c1"})
  void idThatIsNotAUuid(String id) {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(
                name = "w",
                id = "%s")
            class W {}
            """
                .formatted(id));
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.WRITER_BAD_ID, "id = ");
    assertThat(c).hadErrorContaining("@Writer(id = \"" + id + "\") of test.W is not a UUID");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void freezeTimeoutNotPositive(long timeout) {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(
                name = "w",
                freezeTimeoutMillis = %d)
            class W {}
            """
                .formatted(timeout));
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.WRITER_BAD_FREEZE_TIMEOUT, "freezeTimeoutMillis = ");
    assertThat(c).hadErrorContaining("freezeTimeoutMillis = " + timeout + ") of test.W");
  }

  @Test
  void twoWritersWithTheSameExplicitId() {
    JavaFileObject a =
        source(
            "test.A",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "a", id = "6f1f6a5e-6b1c-4c58-9a0e-2f4b9f0f3c11")
            class A {}
            """);
    JavaFileObject b =
        source(
            "test.B",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(
                name = "b",
                id = "6F1F6A5E-6B1C-4C58-9A0E-2F4B9F0F3C11")
            class B {}
            """);
    Compilation c = compile(a, b);
    assertOnlyError(c, b, Diagnostic.WRITER_DUPLICATE_ID, "id = ");
    assertThat(c).hadErrorContaining("which test.A has too");
  }

  @Test
  void twoWritersWithTheSameNameHaveTheSameDerivedId() {
    JavaFileObject a =
        source(
            "test.A",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "orders")
            class A {}
            """);
    JavaFileObject b =
        source(
            "test.B",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(
                name = "orders")
            class B {}
            """);
    assertOnlyError(compile(a, b), b, Diagnostic.WRITER_DUPLICATE_ID, "name = \"orders\"");
  }

  @Test
  void everyProblemOfAWriterIsReported() {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(
                name = "",
                id = "nope",
                freezeTimeoutMillis = 0)
            abstract class W {
              W(int x) {}
              @OnFreeze void freeze() {}
            }
            """);
    Compilation c = compile(w);
    assertThat(c).hadErrorCount(6);
    assertError(c, w, Diagnostic.WRITER_BLANK_NAME, "name = \"\"");
    assertError(c, w, Diagnostic.WRITER_BAD_ID, "id = \"nope\"");
    assertError(c, w, Diagnostic.WRITER_BAD_FREEZE_TIMEOUT, "freezeTimeoutMillis = 0");
    assertError(c, w, Diagnostic.WRITER_SHAPE, "abstract class W");
    assertError(c, w, Diagnostic.WRITER_NOT_INJECTABLE, "abstract class W");
    assertError(c, w, Diagnostic.FREEZE_WITHOUT_THAW, "@OnFreeze");
  }

  @Test
  void freezeWithoutThaw() {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            class W {
              @OnPrepareSnapshot void prepare() {}
              @OnFreeze void freeze(FreezeContext c) {}
              @OnPostSnapshot void post() {}
            }
            """);
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.FREEZE_WITHOUT_THAW, "@OnFreeze");
    assertThat(c).hadErrorContaining("has @OnFreeze freeze() but no @OnThaw");
  }

  @Test
  void thawWithoutFreezeIsFine() {
    JavaFileObject w =
        source(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            class W {
              @OnThaw void thaw() {}
            }
            """);
    assertThat(compile(w)).succeededWithoutWarnings();
  }
}
