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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules on handler methods and their parameters (DESIGN sections 3 and 4, items 1 and 2). */
class HandlerRulesTest {
  /** A writer {@code test.W} with {@code body} as its members. */
  private static JavaFileObject writer(String body) {
    return JavaFileObjects.forSourceString(
        "test.W",
        """
        package test;
        import dev.quiesce.api.*;
        import java.util.Optional;
        @Writer(name = "w")
        class W {
        %s
        }
        """
            .formatted(body));
  }

  @Test
  void handlerOutsideWriter() {
    JavaFileObject plain =
        JavaFileObjects.forSourceString(
            "test.Plain",
            """
            package test;
            import dev.quiesce.api.*;
            class Plain {
              @OnBackupShutdown
              void shutdown(BackupShutdownContext c) {}
            }
            """);
    Compilation c = compile(plain);
    assertOnlyError(c, plain, Diagnostic.HANDLER_OUTSIDE_WRITER, "@OnBackupShutdown");
    assertThat(c).hadErrorContaining("shutdown() is in test.Plain, which is not a @Writer class");
  }

  @Test
  void handlerInAClassNestedInAWriter() {
    JavaFileObject w =
        writer(
            """
              static class Helper {
                @OnIdentify void identify() {}
              }
            """);
    assertOnlyError(compile(w), w, Diagnostic.HANDLER_OUTSIDE_WRITER, "@OnIdentify");
  }

  @ParameterizedTest
  @ValueSource(strings = {"private", "static"})
  void handlerWithForbiddenModifier(String modifier) {
    JavaFileObject w = writer("  @OnAbort " + modifier + " void abort(AbortContext c) {}");
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.HANDLER_MODIFIER, "void abort(");
    assertThat(c).hadErrorContaining("handler abort() must not be " + modifier);
  }

  @Test
  void abstractHandler() {
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            abstract class W {
              @OnPostRestore abstract void restored(PostRestoreContext c);
            }
            """);
    Compilation c = compile(w);
    assertThat(c).hadErrorCount(2);
    assertError(c, w, Diagnostic.WRITER_SHAPE, "abstract class W");
    assertError(c, w, Diagnostic.HANDLER_MODIFIER, "abstract void restored");
    assertThat(c).hadErrorContaining("handler restored() must not be abstract");
  }

  @Test
  void privateStaticHandlerGetsOneErrorPerModifier() {
    JavaFileObject w = writer("  @OnIdentify private static void identify() {}");
    Compilation c = compile(w);
    assertThat(c).hadErrorCount(2);
    assertThat(c).hadErrorContaining("must not be private").inFile(w).onLine(6);
    assertThat(c).hadErrorContaining("must not be static").inFile(w).onLine(6);
  }

  @Test
  void twoHandlersForOneEvent() {
    JavaFileObject w =
        writer(
            """
              @OnBackupComplete void first(BackupCompleteContext c) {}
              @OnBackupComplete void second() {}
            """);
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.DUPLICATE_HANDLER, "void second()");
    assertThat(c).hadErrorContaining("has two @OnBackupComplete handlers, first() and second()");
  }

  @Test
  void oneMethodForTwoEvents() {
    JavaFileObject w =
        writer(
            """
              @OnFreeze
              @OnThaw
              void both() {}
            """);
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.MULTIPLE_EVENTS, "@OnThaw");
    assertThat(c).hadErrorContaining("both() is annotated both @OnFreeze and @OnThaw");
  }

  @Test
  void nonVoidHandler() {
    JavaFileObject w =
        writer("  @OnPrepareBackup boolean prepare(PrepareBackupContext c) { return true; }");
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.HANDLER_NOT_VOID, "boolean prepare(");
    assertThat(c).hadErrorContaining("@OnPrepareBackup handler prepare() returns boolean");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "OnIdentify | String | identify",
        "OnIdentify | SnapshotSetId | identify",
        "OnPrepareBackup | Optional<SnapshotSetId> | prepare",
        "OnFreeze | Optional<SnapshotSetId> | freeze",
        "OnFreeze | ThawContext | freeze",
        "OnFreeze | EventContext | freeze",
        "OnFreeze | ShutdownCause | freeze",
        "OnAbort | ShutdownCause | abort",
        "OnBackupComplete | SnapshotSetId | complete",
        "OnPreRestore | Optional<SessionId> | restore",
        "OnPostRestore | Optional | restore",
        "OnPostRestore | int | restore",
        "OnPostRestore | SessionId[] | restore",
        "OnIdentify | W | identify",
        "OnIdentify | WriterContext | identify"
      })
  void parameterTheEventDoesNotAccept(String annotation, String type, String method) {
    String thaw = annotation.equals("OnFreeze") ? "  @OnThaw void thaw() {}\n" : "";
    JavaFileObject w =
        writer(
            thaw + "  @" + annotation + " void " + method + "(SessionId s,\n  " + type + " p) {}");
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.PARAMETER_NOT_ACCEPTED, type + " p)");
    assertThat(c)
        .hadErrorContaining("Parameter 'p' of @" + annotation + " handler " + method + "()");
  }

  @Test
  void notAcceptedMessageListsWhatTheEventAccepts() {
    JavaFileObject w = writer("  @OnBackupShutdown void shutdown(String name) {}");
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.PARAMETER_NOT_ACCEPTED, "String name");
    assertThat(c)
        .hadErrorContaining(
            "has type java.lang.String, which BackupShutdown does not provide. Handler parameters"
                + " are resolved by type, and BackupShutdown accepts: BackupShutdownContext,"
                + " Optional<SnapshotSetId> (the id captured for this session), SessionId,"
                + " ShutdownCause, any @SessionState class.");
  }

  @Test
  void freezeAcceptsTheCurrentId() {
    JavaFileObject w =
        writer("  @OnThaw void thaw(ThawContext c, String s) {}\n  @OnFreeze void freeze() {}");
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.PARAMETER_NOT_ACCEPTED, "String s");
    assertThat(c)
        .hadErrorContaining(
            "Thaw accepts: ThawContext, SnapshotSetId (the snapshot set being made), SessionId, any"
                + " @SessionState class.");
  }

  @Test
  void repeatedParameterType() {
    JavaFileObject w =
        writer(
            """
              @OnPostSnapshot void post(SnapshotSetId first, PostSnapshotContext c,
                  SnapshotSetId second) {}
            """);
    Compilation c = compile(w);
    assertOnlyError(c, w, Diagnostic.PARAMETER_REPEATED, "SnapshotSetId second");
    assertThat(c)
        .hadErrorContaining(
            "Parameter 'second' of post() repeats type dev.quiesce.api.SnapshotSetId");
  }

  @Test
  void everyMethodIsCheckedNotJustTheFirstBadOne() {
    JavaFileObject w =
        writer(
            """
              @OnIdentify int identify() { return 0; }
              @OnPrepareBackup private void prepare() {}
              @OnPreRestore void restore(String wrong) {}
              @OnPostRestore void restored(SessionId a, SessionId b) {}
              @OnAbort void fine(AbortContext c) {}
            """);
    Compilation c = compile(w);
    assertThat(c).hadErrorCount(4);
    assertError(c, w, Diagnostic.HANDLER_NOT_VOID, "int identify()");
    assertError(c, w, Diagnostic.HANDLER_MODIFIER, "private void prepare()");
    assertError(c, w, Diagnostic.PARAMETER_NOT_ACCEPTED, "String wrong");
    assertError(c, w, Diagnostic.PARAMETER_REPEATED, "SessionId a, SessionId b");
  }
}
