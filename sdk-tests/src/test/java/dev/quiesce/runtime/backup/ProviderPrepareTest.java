package dev.quiesce.runtime.backup;

import static dev.quiesce.api.WriterEvent.ABORT;
import static dev.quiesce.api.WriterEvent.BACKUP_SHUTDOWN;
import static dev.quiesce.api.WriterEvent.FREEZE;
import static dev.quiesce.api.WriterEvent.IDENTIFY;
import static dev.quiesce.api.WriterEvent.PREPARE_BACKUP;
import static dev.quiesce.api.WriterEvent.PREPARE_SNAPSHOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotPreparation;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.testing.PassThroughSnapshotProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the coordinator calls {@link SnapshotProvider#beginPrepare} (before the writers'
 * PrepareSnapshot) and {@link SnapshotProvider#prepare} (after it, before the first Freeze); the
 * preparation closed exactly once, after the take or when the set fails; a failing beginPrepare or
 * prepare aborts the backup before anything is frozen.
 */
class ProviderPrepareTest {
  @TempDir Path tmp;
  private Path live;

  @BeforeEach
  void setUp() throws IOException {
    live = Data.tree(tmp.resolve("live/db"));
  }

  /** Records its calls, and what the writer had seen at each, in one list. */
  private static final class RecordingProvider implements SnapshotProvider {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final SnapshotProvider delegate = new PassThroughSnapshotProvider();
    private final boolean failBegin;
    private final boolean failPrepare;

    RecordingProvider(boolean failBegin, boolean failPrepare) {
      this.failBegin = failBegin;
      this.failPrepare = failPrepare;
    }

    @Override
    public void beginPrepare(SnapshotSetId id, List<Path> paths) throws IOException {
      calls.add("beginPrepare");
      if (failBegin) {
        throw new IOException("cannot commit the filesystem");
      }
    }

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public SnapshotPreparation prepare(SnapshotSetId id, List<Path> paths) throws IOException {
      calls.add("prepare");
      if (failPrepare) {
        throw new IOException("no room for the pre-copy");
      }
      return () -> calls.add("close preparation");
    }

    @Override
    public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
      calls.add("take");
      return delegate.take(id, paths);
    }
  }

  @Test
  void prepareRunsAfterPrepareSnapshotAndBeforeFreezeAndIsClosedAfterTheTake() throws IOException {
    RecordingProvider provider = new RecordingProvider(false, false);
    try (BackupRig rig = BackupRig.builder(provider).writer("db", live).build()) {
      rig.w("db")
          .writer()
          .on(PREPARE_SNAPSHOT, (c, r) -> provider.calls.add("PrepareSnapshot"))
          .on(FREEZE, (c, r) -> provider.calls.add("Freeze"));

      rig.app.backup(BackupOptions.full(), tmp.resolve("archive"), ProgressListener.none());

      assertEquals(
          List.of(
              "beginPrepare", "PrepareSnapshot", "prepare", "Freeze", "take", "close preparation"),
          provider.calls);
    }
  }

  @Test
  void aFailingPrepareAbortsTheBackupBeforeAnyFreeze() {
    assertFailsBeforeAnyFreeze(
        new RecordingProvider(false, true),
        "no room for the pre-copy",
        List.of("beginPrepare", "prepare"),
        IDENTIFY,
        PREPARE_BACKUP,
        PREPARE_SNAPSHOT,
        ABORT,
        BACKUP_SHUTDOWN);
  }

  @Test
  void aFailingBeginPrepareAbortsTheBackupBeforePrepareSnapshot() {
    assertFailsBeforeAnyFreeze(
        new RecordingProvider(true, false),
        "cannot commit the filesystem",
        List.of("beginPrepare"),
        IDENTIFY,
        PREPARE_BACKUP,
        ABORT,
        BACKUP_SHUTDOWN);
  }

  /**
   * A backup with {@code provider} fails saying it could not prepare, and why; the provider was
   * called {@code calls} and the writer got {@code events}.
   */
  private void assertFailsBeforeAnyFreeze(
      RecordingProvider provider, String why, List<String> calls, WriterEvent... events) {
    try (BackupRig rig = BackupRig.builder(provider).writer("db", live).build()) {
      QuiesceException e =
          assertThrows(
              QuiesceException.class,
              () ->
                  rig.app.backup(
                      BackupOptions.full(), tmp.resolve("archive"), ProgressListener.none()));

      assertTrue(e.getMessage().contains("could not prepare"), e.getMessage());
      assertTrue(e.getMessage().contains(why), e.getMessage());
      assertEquals(calls, provider.calls);
      rig.w("db").recorder().assertSequence(rig.onlySession(), events);
    }
  }
}
