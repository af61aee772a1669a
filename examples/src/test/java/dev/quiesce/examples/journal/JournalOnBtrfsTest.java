package dev.quiesce.examples.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.WritersModule;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.QuiesceOutcome;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.backup.BackupReport;
import dev.quiesce.runtime.snapshot.BtrfsSnapshotProvider;
import dev.quiesce.runtime.testing.LoopFilesystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup and a restore of the journal through the real {@link BtrfsSnapshotProvider}: the journal
 * lives in a btrfs subvolume of an image mounted on a loop device (skipped with the reason where
 * that cannot be mounted), the archive holds the journal as it was at the snapshot, the restore
 * brings that back, and the provider's snapshot subvolume is gone afterwards.
 */
class JournalOnBtrfsTest {
  @TempDir Path dir;

  @Test
  void backupThroughABtrfsSnapshotRestoresTheJournalAsItWas() throws Exception {
    try (LoopFilesystem fs = LoopFilesystem.mount(LoopFilesystem.Kind.BTRFS, 128, dir)) {
      Path subvolume = fs.root().resolve("data");
      fs.run("btrfs", "subvolume", "create", subvolume.toString());
      try (Journal journal = new Journal(subvolume.resolve("live/journal.log"))) {
        BackupApplication app =
            Guice.createInjector(
                    Stage.PRODUCTION,
                    QuiesceModule.builder().snapshotProvider(new BtrfsSnapshotProvider()).build(),
                    WritersModule.of(JournalWriter.class),
                    new AbstractModule() {
                      @Override
                      protected void configure() {
                        bind(Journal.class).toInstance(journal);
                      }
                    })
                .getInstance(BackupApplication.class);
        List<String> backedUp = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          journal.append("record " + i);
          backedUp.add("record " + i);
        }
        BackupReport report =
            app.backup(BackupOptions.full(), dir.resolve("archive"), ProgressListener.none());
        journal.append("after the backup");

        assertEquals(QuiesceOutcome.quiesced(), report.manifest().outcome());
        Path target = dir.resolve("restored");
        app.restore(report.archive(), Optional.of(target), ProgressListener.none());
        Path restored = target.resolve(journal.file().getRoot().relativize(journal.file()));
        assertEquals(backedUp, Journal.readRecords(restored));
        try (Stream<Path> left =
            Files.list(subvolume.resolve(BtrfsSnapshotProvider.SNAPSHOT_DIR))) {
          assertTrue(left.toList().isEmpty(), "the btrfs snapshot is deleted after the backup");
        }
      }
    }
  }
}
