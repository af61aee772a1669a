package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.body.BodyAssertions.errorAt;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Event contexts that outlive their handler: stored in fields, arrays, collections and maps,
 * returned, or captured by lambdas, method references and inner classes (DESIGN section 4, item 4).
 */
class ContextEscapeTest {
  private static final String ESCAPE = "[Quiesce:ContextEscape]";

  /** A writer with Freeze and Thaw handlers whose Freeze body is {@code freezeBody}. */
  private static TestSource writer(String name, String freezeBody, String members) {
    return TestSource.writer(
        name,
        """
        @Writer(name = "%1$s")
        final class %1$s {
          @OnFreeze
          void freeze(FreezeContext ctx) {
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
  void storedInField() {
    TestSource source =
        writer(
            "InField",
            """
                last = ctx; // field store
            """,
            """

              private FreezeContext last;
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "field store", ESCAPE);
    assertThat(message).contains("FreezeContext escapes its handler: stored in field InField.last");
    assertThat(message).contains("invalid once the handler returns");
    assertThat(message).contains("@SessionState");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void storedInStaticField() {
    TestSource source =
        writer(
            "InStatic",
            """
                InStatic.current = ctx; // static store
            """,
            """

              static EventContext current;
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "static store", ESCAPE))
        .contains("FreezeContext escapes its handler: stored in static field InStatic.current");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void storedInArrays() {
    TestSource source =
        writer(
            "InArray",
            """
                recent[0] = ctx; // element store
                Object[] pair = {ctx.sessionId(), ctx}; // array initializer
            """,
            """

              private final EventContext[] recent = new EventContext[4];
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "element store", ESCAPE))
        .contains("stored in an array element");
    assertThat(errorAt(compilation, source, "array initializer", ESCAPE))
        .contains("stored in an array");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void addedToListAndPutIntoMap() {
    TestSource source =
        writer(
            "InCollections",
            """
                seen.add(ctx); // list add
                bySession.put(ctx.sessionId(), ctx); // map put
                List<EventContext> copy = List.of(ctx); // list of
                boolean known = seen.contains(ctx) || bySession.containsValue(ctx);
            """,
            """

              private final List<EventContext> seen = new ArrayList<>();
              private final Map<SessionId, FreezeContext> bySession = new HashMap<>();
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "list add", ESCAPE))
        .contains("FreezeContext escapes its handler: stored in a collection by List.add()");
    assertThat(errorAt(compilation, source, "map put", ESCAPE))
        .contains("stored in a map by Map.put()");
    assertThat(errorAt(compilation, source, "list of", ESCAPE))
        .contains("stored in a collection by List.of()");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  void returnedFromMethod() {
    TestSource source =
        writer(
            "Returned",
            """
                keep(ctx);
            """,
            """

              private EventContext keep(EventContext context) {
                return context; // returned
              }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "// returned", ESCAPE))
        .contains("EventContext escapes its handler: returned from keep()");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void capturedByLambdaAndMethodReference() {
    TestSource source =
        writer(
            "Lambda",
            """
                java.util.concurrent.CompletableFuture.runAsync(
                    () -> System.err.println(ctx.deadline())); // lambda capture
                Supplier<SessionId> session = ctx::sessionId; // reference capture
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "lambda capture", ESCAPE))
        .contains(
            "FreezeContext escapes its handler: captured by a lambda at line "
                + source.line("lambda capture"));
    assertThat(errorAt(compilation, source, "reference capture", ESCAPE))
        .contains("captured by a method reference at line " + source.line("reference capture"));
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void capturedByAnonymousAndLocalClass() {
    TestSource source =
        writer(
            "Inner",
            """
                new Thread(
                        new Runnable() { // anonymous class
                          @Override
                          public void run() {
                            System.err.println(ctx.requestor()); // anonymous capture
                          }
                        })
                    .start();
                FreezeContext local = ctx;
                class Printer {
                  void print() {
                    System.err.println(local.event()); // local capture
                  }
                }
                new Printer().print();
            """,
            "");
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "anonymous capture", ESCAPE))
        .contains("captured by an anonymous class at line " + source.line("// anonymous class"));
    assertThat(errorAt(compilation, source, "local capture", ESCAPE))
        .contains("captured by local class Printer");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void storedByPrivateHelperItWasPassedTo() {
    TestSource source =
        writer(
            "Helper",
            """
                remember(ctx);
            """,
            """

              private SnapshotEventContext last;

              private void remember(SnapshotEventContext context) {
                SnapshotEventContext copy = context;
                last = copy; // helper store
              }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "helper store", ESCAPE))
        .contains("SnapshotEventContext escapes its handler: stored in field Helper.last");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void storedInSessionStateObject() {
    TestSource source =
        TestSource.writer(
            "Stateful",
            """
            @SessionState
            final class Held {
              FreezeContext freeze;
            }

            @Writer(name = "stateful")
            final class Stateful {
              @OnFreeze
              void freeze(FreezeContext ctx, Held held) {
                held.freeze = ctx; // session state store
              }

              @OnThaw
              void thaw(ThawContext ctx, Held held) {}
            }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "session state store", ESCAPE))
        .contains("stored in field Held.freeze");
    assertThat(compilation).hadErrorCount(1);
  }
}
