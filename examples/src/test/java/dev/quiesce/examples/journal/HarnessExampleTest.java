package dev.quiesce.examples.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.runtime.testing.BackupResult;
import dev.quiesce.runtime.testing.Fault;
import dev.quiesce.runtime.testing.WriterHarness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Testing a writer" example, on the journal writer (the README's {@code harness.}
 * lines are checked to be here by {@code ReadmeTest}).
 */
class HarnessExampleTest {
  @TempDir Path dir;

  @Test
  void aHungFreezeAbortsTheBackupAndTheNextOneWorks() throws Exception {
    try (Journal journal = new Journal(dir.resolve("log"));
        WriterHarness<JournalWriter> harness =
            WriterHarness.forWriter(JournalWriter.class)
                .modules(binder -> binder.bind(Journal.class).toInstance(journal))
                .paths(journal.directory())
                .eventTimeouts(Duration.ofMillis(500))
                .build()) {
      harness.faults().inject(WriterEvent.FREEZE, Fault.hang());
      BackupResult result = harness.backup().assertFailed();
      harness.recording().assertOneShutdown(result.session(), ShutdownCause.ABORTED);
      assertEquals(WriterState.FAILED_AT_FREEZE, result.status().state());
      harness.backup().assertSucceeded();
      journal.append("appends go on: the hung Freeze held nothing");
    }
  }

  @Test
  void aVetoedFreezeAbortsTheBackupToo() throws Exception {
    try (Journal journal = new Journal(dir.resolve("log"));
        WriterHarness<JournalWriter> harness =
            WriterHarness.forWriter(JournalWriter.class)
                .modules(binder -> binder.bind(Journal.class).toInstance(journal))
                .paths(journal.directory())
                .build()) {
      harness.faults().inject(WriterEvent.FREEZE, Fault.fail(WriterFailure.RETRYABLE, "disk busy"));
      BackupResult result = harness.backup().assertFailed();
      harness.recording().assertOneShutdown(result.session(), ShutdownCause.ABORTED);
      assertEquals(WriterFailure.RETRYABLE, result.status().failure().orElseThrow());
      harness.backup().assertSucceeded();
    }
  }
}
