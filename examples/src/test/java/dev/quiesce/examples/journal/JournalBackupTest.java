package dev.quiesce.examples.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.WritersModule;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.QuiesceOutcome;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.backup.BackupReport;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of a journal taken while a thread appends records without pause: every archive holds a
 * whole journal (no torn last record) that is a prefix of the live one, and restores as such.
 */
class JournalBackupTest {
  @TempDir Path dir;

  @Test
  void backupsUnderContinuousAppendsHoldWholeRecords() throws Exception {
    try (Journal journal = new Journal(dir.resolve("live/journal.log"))) {
      var injector =
          Guice.createInjector(
              Stage.PRODUCTION,
              QuiesceModule.builder()
                  .snapshotProvider(new CopySnapshotProvider(dir.resolve("shadow")))
                  .build(),
              WritersModule.of(JournalWriter.class),
              new AbstractModule() {
                @Override
                protected void configure() {
                  bind(Journal.class).toInstance(journal);
                }
              });
      BackupApplication app = injector.getInstance(BackupApplication.class);
      AtomicBoolean appending = new AtomicBoolean(true);
      ExecutorService appender = Executors.newSingleThreadExecutor();
      Future<Integer> appended =
          appender.submit(
              () -> {
                int n = 0;
                while (appending.get()) {
                  journal.append("record " + n++ + " " + "x".repeat(n % 50));
                }
                return n;
              });
      List<BackupReport> reports = new ArrayList<>();
      try {
        for (int i = 0; i < 5; i++) {
          reports.add(
              app.backup(
                  BackupOptions.full(), dir.resolve("archive-" + i), ProgressListener.none()));
        }
      } finally {
        appending.set(false);
        appender.shutdown();
      }
      int total = appended.get();
      List<String> live = Journal.readRecords(journal.file());
      assertEquals(total, live.size());

      for (int i = 0; i < reports.size(); i++) {
        BackupReport report = reports.get(i);
        assertEquals(QuiesceOutcome.quiesced(), report.manifest().outcome());
        Path target = dir.resolve("restored-" + i);
        app.restore(report.archive(), Optional.of(target), ProgressListener.none());
        Path restored = target.resolve(journal.file().getRoot().relativize(journal.file()));
        assertTrue(Journal.isWhole(restored), "backup " + i + " holds a torn record");
        List<String> records = Journal.readRecords(restored);
        assertEquals(live.subList(0, records.size()), records, "backup " + i + " is not a prefix");
      }
      JournalWriter writer = injector.getInstance(JournalWriter.class);
      assertEquals(
          reports.stream().map(r -> r.manifest().snapshotSetId()).toList(),
          writer.completedBackups());
      assertTrue(
          writer.endedSessions().stream().filter(e -> e.cause() == ShutdownCause.COMPLETED).count()
              >= reports.size());
    }
  }
}
