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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Testing a writer" example, on the journal writer. */
class HarnessExampleTest {
  @TempDir Path dir;

  @Test
  void aVetoedFreezeAbortsTheBackupAndTheNextOneWorks() throws Exception {
    try (Journal journal = new Journal(dir.resolve("log"));
        WriterHarness<JournalWriter> harness =
            WriterHarness.forWriter(JournalWriter.class)
                .modules(binder -> binder.bind(Journal.class).toInstance(journal))
                .paths(journal.directory())
                .build()) {
      harness.faults().inject(WriterEvent.FREEZE, Fault.fail(WriterFailure.RETRYABLE, "disk busy"));
      BackupResult result = harness.backup().assertFailed();
      harness.recording().assertOneShutdown(result.session(), ShutdownCause.ABORTED);
      assertEquals(WriterState.FAILED_AT_FREEZE, result.status().state());
      harness.backup().assertSucceeded();
      journal.append("appends go on: the failed Freeze held nothing");
    }
  }
}
