package dev.quiesce.runtime.testing.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.google.inject.Key;
import com.google.inject.name.Names;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.testing.Fault;
import dev.quiesce.runtime.testing.WriterHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension as a user meets it: used directly here, and run through the JUnit engine on example
 * classes (below, not run on their own) to see what it makes of tests that misbehave.
 */
class WriterHarnessExtensionTest {
  @TempDir Path data;

  @RegisterExtension
  final WriterHarnessExtension<CounterWriter> quiesce =
      WriterHarnessExtension.forWriter(CounterWriter.class)
          .configure(
              h ->
                  h.modules(
                      b -> b.bind(Path.class).annotatedWith(Names.named("data")).toInstance(data)));

  @Test
  void aHarnessIsInjectedAndConfiguredAfterTheFieldsAreSet(WriterHarness<CounterWriter> harness) {
    harness.backup().assertSucceeded();
    assertEquals(1, harness.writer().frozen);
    // configured before the test, after @TempDir was set: the writer was given this test's
    // directory
    assertEquals(data, harness.injector().getInstance(Key.get(Path.class, Names.named("data"))));
  }

  @Test
  void eachTestHasItsOwnHarness(WriterHarness<CounterWriter> harness) {
    assertTrue(harness.recording().events().isEmpty(), "nothing from another test");
  }

  /** Harnesses that the example classes saw, to check after they ran. */
  static final List<WriterHarness<?>> SEEN = new CopyOnWriteArrayList<>();

  private static Events run(Class<?> example) {
    SEEN.clear();
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.conditions.deactivate", "*")
        .selectors(selectClass(example))
        .execute()
        .testEvents();
  }

  @Test
  void aHangLeftInTheTestIsReleasedAndTheSessionChecked() {
    Events events = run(LeavesAHang.class);
    events.assertStatistics(stats -> stats.succeeded(1).failed(0));
    WriterHarness<?> harness = SEEN.get(0);
    assertTrue(harness.coordinator().activeSessions().isEmpty());
    assertTrue(
        harness.recording().events().stream()
            .anyMatch(
                e ->
                    e.event() == WriterEvent.BACKUP_SHUTDOWN
                        && e.cause().orElseThrow() == ShutdownCause.ABORTED),
        "the hung session ended: " + harness.recording().events());
  }

  @Test
  void aSessionLeftOpenFailsTheTestNamingIt() {
    run(LeavesASessionOpen.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("opensAndForgets"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(m -> m.contains("left sessions open")))));
  }

  @Test
  void aHarnessOfAnotherWriterIsNotResolved() {
    run(AsksForAnotherWriter.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("wrongType"),
                finishedWithFailure(instanceOf(ParameterResolutionException.class))));
  }

  /** The harness of every example: a writer over a fresh temporary directory. */
  static WriterHarnessExtension<CounterWriter> exampleExtension() {
    return WriterHarnessExtension.forWriter(CounterWriter.class)
        .configure(
            h ->
                h.modules(
                    b ->
                        b.bind(Path.class)
                            .annotatedWith(Names.named("data"))
                            .toInstance(Path.of(System.getProperty("java.io.tmpdir")))));
  }

  /**
   * Drives a session itself, leaves a handler hung in PrepareBackup and returns: the extension must
   * release it, then see the session's BackupShutdown.
   */
  static class LeavesAHang {
    @RegisterExtension
    final WriterHarnessExtension<CounterWriter> quiesce =
        exampleExtension().configure(h -> h.eventTimeouts(Duration.ofMillis(300)));

    @Test
    void hangs(WriterHarness<CounterWriter> harness) {
      SEEN.add(harness);
      harness.faults().inject(WriterEvent.PREPARE_BACKUP, Fault.hang());
      try (BackupSession session = harness.coordinator().openBackup(BackupOptions.full())) {
        assertThrows(QuiesceException.class, session::prepareForBackup);
      }
    }
  }

  /** Opens a session and never closes it. */
  static class LeavesASessionOpen {
    @RegisterExtension final WriterHarnessExtension<CounterWriter> quiesce = exampleExtension();

    @Test
    void opensAndForgets(WriterHarness<CounterWriter> harness) {
      SEEN.add(harness);
      BackupSession session = harness.coordinator().openBackup(BackupOptions.full());
      session.prepareForBackup();
    }
  }

  /** Asks for a harness of a writer the extension was not made for. */
  static class AsksForAnotherWriter {
    @RegisterExtension final WriterHarnessExtension<CounterWriter> quiesce = exampleExtension();

    @Test
    void wrongType(WriterHarness<String> harness) {}
  }
}
