package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.body.BodyAssertions.errorAt;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * An event context is followed as a value, whatever the static type of the expression that holds
 * it: through variables, casts and conditional expressions of a wider type, into the writer's own
 * methods, and into other code that may keep it (constructors, holders, the JDK's helpers).
 */
class ContextFlowTest {
  private static final String ESCAPE = "[Quiesce:ContextEscape]";

  /** A writer with Freeze and Thaw handlers whose Freeze body is {@code freezeBody}. */
  private static TestSource writer(String name, String freezeBody, String members) {
    return TestSource.writer(
        name,
        """
        @Writer(name = "%1$s")
        final class %1$s {
          private Object held;

          @OnFreeze
          void freeze(FreezeContext ctx, SnapshotSetId id) {
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
  void throughVariablesCastsAndConditionalsOfAWiderType() {
    TestSource source =
        writer(
            "Wider",
            """
                Object any = ctx;
                held = any; // through variable
                held = (Object) ctx; // through cast
                Object either = id == null ? ctx : "none";
                held = either; // through conditional
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "through variable", ESCAPE))
        .contains(
            "FreezeContext escapes its handler: stored in field Wider.held (through variable"
                + " any)");
    assertThat(errorAt(compilation, source, "through cast", ESCAPE))
        .contains("stored in field Wider.held (through a cast to Object)");
    assertThat(errorAt(compilation, source, "through conditional", ESCAPE))
        .contains(
            "stored in field Wider.held (through a conditional expression, then variable"
                + " either)");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  void intoAPrivateHelperOfAWiderParameterType() {
    TestSource source =
        writer(
            "Helper",
            """
                keep(ctx);
            """,
            """

              private void keep(Object value) {
                held = value; // helper store
              }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "helper store", ESCAPE))
        .contains(
            "FreezeContext escapes its handler: stored in field Helper.held (through parameter"
                + " value of keep())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void intoARecordsImplicitConstructor() {
    TestSource source =
        writer(
            "Recorded",
            """
                held = new Pair(id, ctx); // record
            """,
            """

              private record Pair(SnapshotSetId id, Object context) {}
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "// record", ESCAPE))
        .contains("FreezeContext escapes its handler: stored in record Pair by its constructor");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void intoJdkHelpersThatKeepTheirArguments() {
    TestSource source =
        writer(
            "Helpers",
            """
                held = Collections.singletonList(ctx); // singleton
                held = Arrays.asList(ctx, ctx); // as list
                List<Object> all = new ArrayList<>();
                Collections.addAll(all, ctx); // add all
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "singleton", ESCAPE))
        .contains("passed to Collections.singletonList(), which may keep it");
    assertThat(errorAt(compilation, source, "as list", ESCAPE))
        .contains("passed to Arrays.asList(), which may keep it");
    assertThat(errorAt(compilation, source, "add all", ESCAPE))
        .contains("passed to Collections.addAll(), which may keep it");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  void intoHolderObjects() {
    TestSource source =
        writer(
            "Holders",
            """
                held = Optional.of(ctx); // optional
                held = new java.util.concurrent.atomic.AtomicReference<>(ctx); // atomic
                LOCAL.set(ctx); // thread local
            """,
            """

              private static final ThreadLocal<EventContext> LOCAL = new ThreadLocal<>();
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "optional", ESCAPE))
        .contains("FreezeContext escapes its handler: passed to Optional.of(), which may keep it");
    assertThat(errorAt(compilation, source, "atomic", ESCAPE))
        .contains("passed to the constructor of AtomicReference, which may keep it");
    assertThat(errorAt(compilation, source, "thread local", ESCAPE))
        .contains("passed to ThreadLocal.set(), which may keep it");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  void intoOtherCodeThatTakesAContext() {
    TestSource source =
        TestSource.writer(
            "Audited",
            """
            final class Audit {
              static void record(EventContext context) {}
            }

            @Writer(name = "audited")
            final class Audited {
              @OnFreeze
              void freeze(FreezeContext ctx) {
                Audit.record(ctx); // other code
              }

              @OnThaw
              void thaw(ThawContext ctx) {}
            }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "other code", ESCAPE))
        .contains("FreezeContext escapes its handler: passed to Audit.record(), which may keep it");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void legalIdiomsStayClean() {
    TestSource source =
        writer(
            "Legal",
            """
                SessionId session = ctx.sessionId();
                held = session;
                held = ctx.currentSnapshotSetId();
                System.err.println(ctx.sessionId() + " " + ctx);
                System.err.println(ctx);
                boolean same = Objects.equals(ctx, held) || ctx == held;
                Objects.requireNonNull(ctx).sessionId();
                Object any = ctx;
                if (any instanceof FreezeContext freeze) {
                  System.err.println(freeze.deadline() + String.valueOf(any));
                }
                describe(ctx);
                log(ctx);
                Consumer<FreezeContext> print = context -> log(context.sessionId());
                print.accept(ctx);
            """,
            """

              private void describe(EventContext context) {
                System.err.println(context.sessionId());
              }

              private void log(Object value) {
                System.err.println(value);
              }
            """);
    Compilation compilation = source.compile();

    assertThat(compilation).succeededWithoutWarnings();
  }
}
