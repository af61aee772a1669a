package dev.quiesce.examples.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.quiesce.api.BackupType;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.WritersModule;
import dev.quiesce.runtime.archive.ComponentValue;
import dev.quiesce.runtime.archive.FileEntry;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.QuiesceOutcome;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.backup.BackupReport;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental and differential backups of a segmented journal while a thread appends without pause:
 * the writer keeps its record count as the backup's stamp, an incremental stores only the segments
 * sealed since its base (and the active file), and each archive of the chain restores to exactly
 * the records the journal held when it was frozen.
 */
class JournalIncrementalTest {
  private static final int RECORDS_PER_SEGMENT = 40;

  @TempDir Path dir;

  private static Injector injector(Journal journal, Path shadow) {
    return Guice.createInjector(
        Stage.PRODUCTION,
        QuiesceModule.builder().snapshotProvider(new CopySnapshotProvider(shadow)).build(),
        WritersModule.of(JournalWriter.class),
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(Journal.class).toInstance(journal);
          }
        });
  }

  @Test
  void aChainUnderContinuousAppendsRestoresEachBackupToItsRecords() throws Exception {
    List<BackupType> types =
        List.of(
            BackupType.FULL,
            BackupType.INCREMENTAL,
            BackupType.INCREMENTAL,
            BackupType.DIFFERENTIAL,
            BackupType.INCREMENTAL);
    try (Journal journal = new Journal(dir.resolve("live/journal.log"), RECORDS_PER_SEGMENT)) {
      BackupApplication app =
          injector(journal, dir.resolve("shadow")).getInstance(BackupApplication.class);
      AtomicBoolean appending = new AtomicBoolean(true);
      Semaphore segmentsSealed = new Semaphore(0);
      ExecutorService appender = Executors.newSingleThreadExecutor();
      List<BackupReport> reports = new ArrayList<>();
      Future<Integer> appended;
      try {
        appended =
            appender.submit(
                () -> {
                  int n = 0;
                  while (appending.get()) {
                    journal.append("record " + n++ + " " + "x".repeat(n % 50));
                    if (n % RECORDS_PER_SEGMENT == 0) {
                      segmentsSealed.release();
                    }
                  }
                  return n;
                });
        for (int i = 0; i < types.size(); i++) {
          // each backup waits until at least one more segment was sealed, so every incremental
          // has new ones
          segmentsSealed.drainPermits();
          assertTrue(segmentsSealed.tryAcquire(2, 60, TimeUnit.SECONDS), "the appender stalled");
          Optional<Path> base =
              i == 0 ? Optional.empty() : Optional.of(reports.get(i - 1).archive());
          reports.add(
              app.backup(
                  BackupOptions.full().withBackupType(types.get(i)),
                  base,
                  dir.resolve("archive-" + i),
                  ProgressListener.none()));
        }
      } finally {
        appending.set(false);
        appender.shutdown();
      }
      int total = appended.get();
      List<String> live = Journal.readAllRecords(journal.file());
      assertEquals(total, live.size());

      for (int i = 0; i < reports.size(); i++) {
        Manifest m = reports.get(i).manifest();
        assertEquals(QuiesceOutcome.quiesced(), m.outcome());
        assertEquals(types.get(i), m.backupComponents().backupType());
        long stamp =
            Long.parseLong(
                m.backupComponents()
                    .components()
                    .get(0)
                    .value(ComponentValue.Kind.BACKUP_STAMP)
                    .orElseThrow());

        Path target = dir.resolve("restored-" + i);
        app.restore(reports.get(i).archive(), Optional.of(target), ProgressListener.none());
        Path restored = target.resolve(journal.file().getRoot().relativize(journal.file()));
        assertTrue(Journal.isWhole(restored), "backup " + i + " holds a torn record");
        List<String> records = Journal.readAllRecords(restored);
        assertEquals(stamp, records.size(), "backup " + i + " holds the records it was frozen at");
        assertEquals(live.subList(0, records.size()), records, "backup " + i + " is not a prefix");
      }

      // An incremental stores no segment its base holds: only later ones and the active file.
      for (int i = 1; i < reports.size(); i++) {
        Manifest m = reports.get(i).manifest();
        int baseIndex = types.get(i) == BackupType.DIFFERENTIAL ? 0 : i - 1;
        Set<Path> inBase = state(reports.get(baseIndex).manifest());
        Set<Path> stored =
            m.files().stream().map(FileEntry::originalPath).collect(Collectors.toSet());
        Set<Path> sealedStoredAgain =
            stored.stream()
                .filter(inBase::contains)
                .filter(p -> !p.equals(journal.file()))
                .collect(Collectors.toSet());
        assertEquals(Set.of(), sealedStoredAgain, "backup " + i + " stores base segments again");
        assertTrue(!m.backupComponents().carried().isEmpty(), "backup " + i + " kept nothing");
      }
    }
  }

  @Test
  void anIncrementalOnTheBaseOfAJournalThatWasResetIsRefusedByTheWriter() throws Exception {
    Path base;
    try (Journal journal = new Journal(dir.resolve("live/journal.log"), RECORDS_PER_SEGMENT)) {
      for (int i = 0; i < 100; i++) {
        journal.append("record " + i);
      }
      BackupApplication app =
          injector(journal, dir.resolve("shadow")).getInstance(BackupApplication.class);
      base =
          app.backup(BackupOptions.full(), dir.resolve("full"), ProgressListener.none()).archive();
    }
    try (Journal fresh = new Journal(dir.resolve("other/journal.log"), RECORDS_PER_SEGMENT)) {
      fresh.append("only one record");
      BackupApplication app =
          injector(fresh, dir.resolve("shadow2")).getInstance(BackupApplication.class);
      QuiesceException e =
          assertThrows(
              QuiesceException.class,
              () ->
                  app.backup(
                      BackupOptions.full().withBackupType(BackupType.INCREMENTAL),
                      Optional.of(base),
                      dir.resolve("incremental"),
                      ProgressListener.none()));
      assertTrue(e.getMessage().contains("PrepareBackup"), e.getMessage());
      assertTrue(
          e.failedWriters().get(0).error().orElseThrow().contains("its base backup had 100"),
          e.failedWriters().toString());
      assertTrue(!Files.exists(dir.resolve("incremental/manifest.json")));
    }
  }

  /** Every file of a manifest's backed-up state: stored and kept. */
  private static Set<Path> state(Manifest m) {
    Set<Path> all = m.files().stream().map(FileEntry::originalPath).collect(Collectors.toSet());
    m.backupComponents().carried().forEach(c -> all.add(c.originalPath()));
    return all;
  }
}
