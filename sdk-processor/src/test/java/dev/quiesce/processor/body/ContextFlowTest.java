package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.body.BodyAssertions.errorAt;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.quiesce.processor.QuiesceProcessor;
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
  void throughSwitchExpressions() {
    TestSource source =
        writer(
            "Switched",
            """
                int k = id == null ? 0 : 1;
                Object o = switch (k) { case 1 -> ctx; default -> null; };
                held = o; // switch rule
                held =
                    switch (k) { // switch yield
                      case 0 -> "none";
                      default -> {
                        Object any = ctx;
                        yield any;
                      }
                    };
                Object old =
                    switch (k) {
                      case 0:
                        yield "none";
                      default:
                        if (k > 1) {
                          yield switch (k) { case 2 -> "two"; default -> "many"; };
                        }
                        yield (Object) ctx;
                    };
                held = old; // switch old style
                System.err.println(switch (k) { case 1 -> ctx; default -> "none"; });
                held = switch (k) { case 1 -> ctx.sessionId(); default -> id; };
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "switch rule", ESCAPE))
        .contains(
            "FreezeContext escapes its handler: stored in field Switched.held (through a switch"
                + " expression, then variable o)");
    assertThat(errorAt(compilation, source, "switch yield", ESCAPE))
        .contains("stored in field Switched.held (through variable any, then a switch expression)");
    assertThat(errorAt(compilation, source, "switch old style", ESCAPE))
        .contains(
            "stored in field Switched.held (through a cast to Object, then a switch expression,"
                + " then variable old)");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  void intoLambdasAndMethodReferencesCalledThroughTheirInterface() {
    TestSource source =
        writer(
            "Called",
            """
                Consumer<Object> lambda = o -> held = o; // lambda store
                lambda.accept(ctx);
                Consumer<Object> reference = this::keep;
                Object any = ctx;
                reference.accept(any);
                List<Object> later = new ArrayList<>();
                Consumer<Object> add = later::add;
                add.accept(ctx); // reference to other code
                sink.accept(ctx); // unknown code
            """,
            """

              private final Consumer<Object> sink = o -> {};

              private void keep(Object value) {
                held = value; // reference store
              }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "lambda store", ESCAPE))
        .contains(
            "FreezeContext escapes its handler: stored in field Called.held (through parameter o"
                + " of the lambda at line "
                + source.line("lambda store")
                + ")");
    assertThat(errorAt(compilation, source, "reference store", ESCAPE))
        .contains(
            "stored in field Called.held (through variable any, then parameter value of keep()"
                + " through the method reference at line "
                + source.line("this::keep")
                + ")");
    assertThat(errorAt(compilation, source, "reference to other code", ESCAPE))
        .contains(
            "passed to List.add(), which may keep it, through the method reference at line "
                + source.line("later::add"));
    assertThat(errorAt(compilation, source, "unknown code", ESCAPE))
        .contains(
            "passed to Consumer.accept() of a function whose code is not known here, which may"
                + " keep it");
    assertThat(compilation).hadErrorCount(4);
  }

  @Test
  void lambdasAndMethodReferencesThatOnlyLookStayClean() {
    TestSource source =
        writer(
            "Looked",
            """
                Consumer<Object> print = o -> System.err.println(o);
                print.accept(ctx);
                BiConsumer<FreezeContext, Object> both =
                    (c, o) -> System.err.println(c.sessionId() + " " + Objects.hashCode(o));
                both.accept(ctx, ctx);
                Consumer<Object> out = id == null ? System.err::println : this::log;
                out.accept(ctx);
                Function<FreezeContext, SessionId> session = FreezeContext::sessionId;
                held = session.apply(ctx);
                Function<Object, String> text = String::valueOf;
                held = text.apply(ctx);
            """,
            """

              private void log(Object value) {
                System.err.println(value);
              }
            """);
    Compilation compilation = source.compile();

    assertThat(compilation).succeededWithoutWarnings();
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
  void intoOtherCodeThatTakesObject() {
    TestSource source =
        TestSource.writer(
            "Registered",
            """
            final class Library {
              static void register(Object value) {}

              void remember(Object value, String why) {}
            }

            @Writer(name = "registered")
            final class Registered {
              private final Library library = new Library();

              @OnFreeze
              void freeze(FreezeContext ctx) {
                Library.register(ctx); // static register
                Object any = ctx;
                library.remember(any, "later"); // instance remember
              }

              @OnThaw
              void thaw(ThawContext ctx) {}
            }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "static register", ESCAPE))
        .contains(
            "FreezeContext escapes its handler: passed to Library.register(), which may keep it");
    assertThat(errorAt(compilation, source, "instance remember", ESCAPE))
        .contains("passed to Library.remember(), which may keep it (through variable any)");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void otherCodesEqualsOnlyLooksItsOtherMethodsMayKeep() {
    TestSource source =
        TestSource.writer(
            "Compared",
            """
            class Sink {
              void take(Object value) {}
            }

            final class Keeper extends Sink {
              @Override
              public boolean equals(Object other) {
                return other == this;
              }

              @Override
              public int hashCode() {
                return 1;
              }
            }

            @Writer(name = "compared")
            final class Compared {
              private final Keeper keeper = new Keeper();

              @OnFreeze
              void freeze(FreezeContext ctx) {
                keeper.take(ctx); // keeper
                System.err.println(keeper.equals(ctx));
              }

              @OnThaw
              void thaw(ThawContext ctx) {}
            }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "// keeper", ESCAPE))
        .contains("FreezeContext escapes its handler: passed to Sink.take(), which may keep it");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void loggingTheContextItselfIsAnEscape() {
    TestSource source =
        writer(
            "Logged",
            """
                SLF4J.info("freezing {}", ctx); // slf4j
                SLF4J.info("freezing {} in {}", ctx.sessionId(), id);
                SLF4J.debug("deadline {}", ctx.deadline());
                JUL.log(java.util.logging.Level.INFO, "freezing {0}", ctx); // jul
                JUL.info("freezing " + ctx.sessionId());
                JUL.log(java.util.logging.Level.INFO, "set {0}", ctx.currentSnapshotSetId());
            """,
            """

              private static final org.slf4j.Logger SLF4J = org.slf4j.LoggerFactory.getLogger("x");
              private static final java.util.logging.Logger JUL =
                  java.util.logging.Logger.getLogger("x");
            """);
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new QuiesceProcessor())
            .compile(
                source.file(),
                JavaFileObjects.forSourceString(
                    "org.slf4j.Logger",
                    """
                    package org.slf4j;

                    public interface Logger {
                      void info(String format, Object argument);

                      void info(String format, Object first, Object second);

                      void debug(String format, Object argument);
                    }
                    """),
                JavaFileObjects.forSourceString(
                    "org.slf4j.LoggerFactory",
                    """
                    package org.slf4j;

                    public final class LoggerFactory {
                      public static Logger getLogger(String name) {
                        return null;
                      }
                    }
                    """));

    assertThat(errorAt(compilation, source, "// slf4j", ESCAPE))
        .contains(
            "FreezeContext escapes its handler: passed to Logger.info(), which may keep it (an"
                + " asynchronous appender formats its arguments later); log ctx.sessionId() or"
                + " the values read from the context instead");
    assertThat(errorAt(compilation, source, "// jul", ESCAPE))
        .contains("passed to Logger.log(), which may keep it (an asynchronous appender");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void callsThatOnlyLookStayClean() {
    TestSource source =
        writer(
            "Looks",
            """
                Object any = ctx;
                boolean same = any.equals(held) || held.equals(any) || id.equals(ctx);
                int hash = any.hashCode() + ctx.hashCode() + Objects.hashCode(any);
                hash += System.identityHashCode(ctx) + System.identityHashCode(any);
                hash += Objects.hash(id, any);
                String text = any.toString() + Objects.toString(ctx) + Objects.toString(any, "");
                same |= Objects.equals(held, any) || Objects.isNull(any) || Objects.nonNull(ctx);
                Objects.requireNonNull(any, "context");
                text += String.valueOf(ctx) + String.format("%s %s", ctx, any);
                StringBuilder builder = new StringBuilder().append(ctx).append(any);
                StringBuffer buffer = new StringBuffer().append(ctx);
                System.err.print(ctx);
                System.err.println(any);
                System.err.printf("%s%n", ctx);
                System.err.format("%s %s%n", any, ctx);
                System.err.println(text + builder + buffer + hash + same);
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(compilation).succeededWithoutWarnings();
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
