package dev.quiesce.runtime.testing.junit;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.testing.SeenEvent;
import dev.quiesce.runtime.testing.WriterHarness;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 support for the writer test kit: a fresh {@link WriterHarness} for each test, injected as
 * a parameter, and after the test the checks a writer test should never forget.
 *
 * <pre>{@code
 * class OrdersWriterTest {
 *   @TempDir Path data;
 *
 *   @RegisterExtension
 *   final WriterHarnessExtension<OrdersWriter> quiesce =
 *       WriterHarnessExtension.forWriter(OrdersWriter.class)
 *           .configure(h -> h.modules(b -> b.bind(OrdersDb.class).toInstance(new OrdersDb(data))));
 *
 *   @Test
 *   void aFailedFreezeVetoesTheBackup(WriterHarness<OrdersWriter> harness) {
 *     harness.faults().inject(WriterEvent.FREEZE, Fault.fail(WriterFailure.RETRYABLE, "busy"));
 *     harness.backup().assertFailed();
 *   }
 * }
 * }</pre>
 *
 * <p>Each test's harness is built when first asked for (a parameter of the test, or of a
 * {@code @BeforeEach} method), so {@link #configure} runs after the test instance's fields are set
 * and after the {@code @BeforeEach} methods that do not ask for it: it may use a {@code @TempDir},
 * or a database a {@code @BeforeEach} method opened. After each test, whatever its outcome:
 *
 * <ul>
 *   <li>hangs the test injected are released, so no handler thread outlives it;
 *   <li>every backup session the writer took part in must have ended, each with exactly one
 *       BackupShutdown, last, and the runtime's ordering guarantees ({@link
 *       dev.quiesce.runtime.testing.EventRecorder#assertInvariants}); a session the test left open
 *       fails the test, naming it;
 *   <li>the harness and its coordinator are closed: no thread of theirs is left.
 * </ul>
 *
 * <p>Register it on a field ({@code @RegisterExtension}); a static field shares the configuration,
 * never the harness, which is always new for each test. A test that never asks for a harness gets
 * none, and nothing is checked after it.
 *
 * @param <W> the writer class
 */
public final class WriterHarnessExtension<W> implements AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(WriterHarnessExtension.class);

  /** Events a restore session also has: they do not make a session a backup. */
  private static final Set<WriterEvent> RESTORE_OR_BOTH =
      EnumSet.of(WriterEvent.IDENTIFY, WriterEvent.PRE_RESTORE, WriterEvent.POST_RESTORE);

  private final Class<W> writerType;
  private final Duration sessionEndTimeout;
  private final List<Consumer<WriterHarness.Builder<W>>> configuration;

  private WriterHarnessExtension(
      Class<W> writerType,
      Duration sessionEndTimeout,
      List<Consumer<WriterHarness.Builder<W>>> configuration) {
    this.writerType = writerType;
    this.sessionEndTimeout = sessionEndTimeout;
    this.configuration = List.copyOf(configuration);
  }

  /** An extension that gives each test a harness for {@code writerType}, made by Guice. */
  public static <W> WriterHarnessExtension<W> forWriter(Class<W> writerType) {
    return new WriterHarnessExtension<>(
        Objects.requireNonNull(writerType, "writerType"), Duration.ofSeconds(10), List.of());
  }

  /**
   * Adds a step that configures each test's harness before it is built: its modules, timeouts,
   * snapshot provider or paths. Runs when the test first asks for its harness.
   *
   * @return a new extension with the step added
   */
  public WriterHarnessExtension<W> configure(Consumer<WriterHarness.Builder<W>> step) {
    List<Consumer<WriterHarness.Builder<W>>> steps = new ArrayList<>(configuration);
    steps.add(Objects.requireNonNull(step, "step"));
    return new WriterHarnessExtension<>(writerType, sessionEndTimeout, steps);
  }

  /**
   * How long after a test the extension waits for each backup session's BackupShutdown (10 s by
   * default) before it fails the test.
   *
   * @return a new extension with the timeout
   */
  public WriterHarnessExtension<W> sessionEndTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the session end timeout must be positive: " + timeout);
    }
    return new WriterHarnessExtension<>(writerType, timeout, configuration);
  }

  /** The current test's harness, built on first use. */
  private WriterHarness<W> harness(ExtensionContext context) {
    WriterHarness<W> harness = stored(context);
    if (harness == null) {
      WriterHarness.Builder<W> builder = WriterHarness.forWriter(writerType);
      configuration.forEach(step -> step.accept(builder));
      harness = builder.build();
      context.getStore(NAMESPACE).put(key(), harness);
    }
    return harness;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    WriterHarness<W> harness = stored(context);
    if (harness == null) {
      return;
    }
    context.getStore(NAMESPACE).remove(key());
    try (harness) {
      harness.faults().releaseHangs();
      checkSessions(harness);
    }
  }

  /** Every backup session the writer saw has ended as the runtime guarantees. */
  private void checkSessions(WriterHarness<W> harness) throws InterruptedException {
    Set<SessionId> open = new LinkedHashSet<>(harness.coordinator().activeSessions());
    if (!open.isEmpty()) {
      throw new AssertionError(
          "the test left sessions open: "
              + open
              + "; close every BackupSession and RestoreSession (try-with-resources), or let the"
              + " harness run the backup");
    }
    // What released hangs were doing is recorded once they return.
    harness.recording().awaitIdle(sessionEndTimeout);
    // A backup session is one with a backup event; Identify alone may be a restore's.
    Set<SessionId> backups = new LinkedHashSet<>();
    for (SeenEvent event : harness.recording().events()) {
      if (!RESTORE_OR_BOTH.contains(event.event())) {
        backups.add(event.session());
      }
    }
    for (SessionId session : backups) {
      harness.recording().awaitEvent(session, WriterEvent.BACKUP_SHUTDOWN, sessionEndTimeout);
      harness.recording().assertInvariants(session);
      long shutdowns =
          harness.recording().eventTypes(session).stream()
              .filter(e -> e == WriterEvent.BACKUP_SHUTDOWN)
              .count();
      if (shutdowns != 1) {
        throw new AssertionError(
            "session " + session + " had " + shutdowns + " BackupShutdown events, not exactly one");
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Type type = parameter.getParameter().getParameterizedType();
    if (type == WriterHarness.class) {
      return true; // raw: the only harness there is
    }
    return type instanceof ParameterizedType p
        && p.getRawType() == WriterHarness.class
        && p.getActualTypeArguments()[0] == writerType;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return harness(context);
  }

  @SuppressWarnings("unchecked") // stored by beforeEach under this extension's own key
  private WriterHarness<W> stored(ExtensionContext context) {
    return (WriterHarness<W>) context.getStore(NAMESPACE).get(key());
  }

  private Object key() {
    return this;
  }
}
