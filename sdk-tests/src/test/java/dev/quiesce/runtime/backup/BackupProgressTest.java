package dev.quiesce.runtime.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.Progress;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.PassThroughSnapshotProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a backup's and a restore's progress listener sees: from nothing, only up, to the totals. */
class BackupProgressTest {
  @TempDir Path tmp;
  private Path live;
  private Path shadow;
  private Path archive;

  @BeforeEach
  void setUp() throws IOException {
    live = Data.tree(tmp.resolve("live/db"));
    // 3 MiB: the listener is also told while a large file is copied, every MiB.
    Files.write(live.resolve("sub/large.bin"), Data.bytes(3 * 1024 * 1024 + 17, 3));
    shadow = tmp.resolve("shadow");
    archive = tmp.resolve("archive");
  }

  /** Records every call. */
  private static final class Recorder implements ProgressListener {
    final List<Progress> seen = new ArrayList<>();
    final List<Progress> finished = new ArrayList<>();
    final List<Boolean> succeeded = new ArrayList<>();

    @Override
    public void progressed(Progress progress) {
      seen.add(progress);
    }

    @Override
    public void finished(Progress last, boolean ok) {
      finished.add(last);
      succeeded.add(ok);
    }

    /** Checks the reports start at nothing, only grow, and keep the totals. */
    void assertMonotonic(long totalFiles, long totalBytes) {
      assertFalse(seen.isEmpty(), "no progress reported");
      assertEquals(new Progress(0, totalFiles, 0, totalBytes), seen.get(0), "the first report");
      Progress previous = seen.get(0);
      for (Progress p : seen) {
        assertEquals(totalFiles, p.totalFiles(), "total files changed: " + seen);
        assertEquals(totalBytes, p.totalBytes(), "total bytes changed: " + seen);
        assertTrue(p.filesDone() >= previous.filesDone(), "files went back: " + seen);
        assertTrue(p.bytesDone() >= previous.bytesDone(), "bytes went back: " + seen);
        assertTrue(p.filesDone() <= totalFiles && p.bytesDone() <= totalBytes, "overshot: " + p);
        assertTrue(p.percent() >= previous.percent() && p.percent() <= 100, "percent: " + seen);
        previous = p;
      }
      assertEquals(1, finished.size(), "finished once");
    }

    /** Checks the operation ended whole: last report at the totals, and finished successfully. */
    void assertEndsAtTotals(long totalFiles, long totalBytes) {
      assertMonotonic(totalFiles, totalBytes);
      Progress last = seen.get(seen.size() - 1);
      assertEquals(new Progress(totalFiles, totalFiles, totalBytes, totalBytes), last);
      assertTrue(last.isComplete());
      assertEquals(100, last.percent());
      assertEquals(List.of(last), finished);
      assertEquals(List.of(true), succeeded);
      assertTrue(
          seen.size() > totalFiles + 1,
          "a report before the first file, after each, and within the large one: " + seen);
    }
  }

  @Test
  void backupAndRestoreProgressOnlyGrowsAndEndsAtTheTotals() throws IOException {
    try (BackupRig rig =
        BackupRig.builder(new CopySnapshotProvider(shadow)).writer("db", live).build()) {
      Recorder backup = new Recorder();
      Manifest manifest = rig.app.backup(BackupOptions.full(), archive, backup).manifest();
      assertEquals(7, manifest.files().size());
      assertTrue(manifest.totalBytes() > 3 * 1024 * 1024);
      backup.assertEndsAtTotals(manifest.files().size(), manifest.totalBytes());

      Recorder restore = new Recorder();
      RestoreResult result = rig.app.restore(archive, Optional.of(tmp.resolve("r")), restore);
      restore.assertEndsAtTotals(result.restored().size(), result.bytes());
      assertEquals(manifest.files().size(), result.restored().size());
      assertEquals(manifest.totalBytes(), result.bytes());
    }
  }

  @Test
  void aFailedArchiveNeverReportsCompletionAndFinishesUnsuccessfully() throws IOException {
    // A snapshot whose files the archive copies one by one (the copy provider's it would link and
    // hash all at once), so that one can vanish between two files.
    try (BackupRig rig =
        BackupRig.builder(new PassThroughSnapshotProvider()).writer("db", live).build()) {
      Recorder recorder = new Recorder();
      ProgressListener breaking =
          new ProgressListener() {
            @Override
            public void progressed(Progress progress) {
              recorder.progressed(progress);
              if (progress.filesDone() == 2 && recorder.seen.size() == 3) {
                // Take the large file out of the snapshot before it is copied.
                try {
                  Files.delete(live.resolve("sub/large.bin"));
                } catch (IOException e) {
                  throw new AssertionError(e);
                }
              }
            }

            @Override
            public void finished(Progress last, boolean ok) {
              recorder.finished(last, ok);
            }
          };

      assertThrows(
          IOException.class, () -> rig.app.backup(BackupOptions.full(), archive, breaking));

      Progress first = recorder.seen.get(0);
      recorder.assertMonotonic(first.totalFiles(), first.totalBytes());
      assertTrue(recorder.seen.stream().noneMatch(Progress::isComplete), recorder.seen.toString());
      assertEquals(List.of(false), recorder.succeeded);
      assertFalse(Files.exists(archive.resolve(Manifest.FILE_NAME)));
    }
  }
}
