package dev.quiesce.runtime.backup;

import static dev.quiesce.api.WriterEvent.BACKUP_COMPLETE;
import static dev.quiesce.api.WriterEvent.BACKUP_SHUTDOWN;
import static dev.quiesce.api.WriterEvent.FREEZE;
import static dev.quiesce.api.WriterEvent.IDENTIFY;
import static dev.quiesce.api.WriterEvent.POST_RESTORE;
import static dev.quiesce.api.WriterEvent.POST_SNAPSHOT;
import static dev.quiesce.api.WriterEvent.PREPARE_BACKUP;
import static dev.quiesce.api.WriterEvent.PREPARE_SNAPSHOT;
import static dev.quiesce.api.WriterEvent.PRE_RESTORE;
import static dev.quiesce.api.WriterEvent.THAW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ArchiveReader;
import dev.quiesce.runtime.archive.ArchiveVerifier;
import dev.quiesce.runtime.archive.FileEntry;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.QuiesceOutcome;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.archive.WriterEntry;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.PassThroughSnapshotProvider;
import dev.quiesce.runtime.testing.SeenEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole backup and restore through {@link BackupApplication}, with the default copy provider: the
 * archive is the frozen data, byte for byte, without the excluded files, and says how it was made.
 */
class BackupRoundTripTest {
  @TempDir Path tmp;
  private Path live;
  private Path shadow;
  private Path archive;
  private Path target;

  @BeforeEach
  void setUp() throws IOException {
    live = Data.tree(tmp.resolve("live/db"));
    shadow = tmp.resolve("shadow");
    archive = tmp.resolve("archive");
    target = tmp.resolve("restored");
  }

  private BackupRig rig() {
    return BackupRig.builder(new CopySnapshotProvider(shadow)).writer("db", live).build();
  }

  private static Map<String, String> withoutLocks(Map<String, String> tree) {
    Map<String, String> kept = new TreeMap<>(tree);
    kept.keySet().removeIf(name -> name.endsWith(".lck"));
    return kept;
  }

  @Test
  void backupThenRestoreElsewhereIsByteIdenticalAndRecordsHowItWasMade() throws IOException {
    Map<String, String> before = TreeState.of(live);
    try (BackupRig rig = rig()) {
      BackupRig.W db = rig.w("db");
      BackupReport report = rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());

      SessionId session = rig.onlySession();
      db.recorder()
          .assertSequence(
              session,
              IDENTIFY,
              PREPARE_BACKUP,
              PREPARE_SNAPSHOT,
              FREEZE,
              THAW,
              POST_SNAPSHOT,
              BACKUP_COMPLETE,
              BACKUP_SHUTDOWN);
      db.recorder().assertInvariants(session);
      assertTrue(
          db.recorder()
              .assertOneShutdown(session, ShutdownCause.COMPLETED)
              .backupCompleteDelivered());
      SnapshotSetId frozenSet = seen(db, session, FREEZE).snapshotSetId().orElseThrow();

      Manifest manifest = ArchiveReader.readManifest(archive);
      assertEquals(manifest, report.manifest());
      assertEquals(frozenSet, manifest.snapshotSetId());
      assertEquals(QuiesceOutcome.quiesced(), manifest.outcome());
      assertEquals(CopySnapshotProvider.NAME, manifest.provider());
      assertTrue(manifest.timings().freezeWindow().compareTo(Duration.ZERO) > 0, "freeze window");
      assertEquals(1, manifest.writers().size());
      WriterEntry writer = manifest.writers().get(0);
      assertEquals("db", writer.metadata().writerName());
      assertEquals(List.of(BackupRig.COMPONENT), writer.selectedComponents());
      assertEquals(
          regularFilesWithoutLocks(live),
          manifest.files().stream().map(FileEntry::originalPath).collect(Collectors.toSet()));
      assertEquals(session, report.session());
      assertEquals(archive, report.archive());
      assertFalse(report.snapshot().isNegative(), "snapshot duration");
      assertTrue(report.total().compareTo(report.snapshot()) >= 0, "total covers the snapshot");
      assertEquals(manifest, ArchiveVerifier.verify(archive));
      // The snapshot's shadow copy is released: only what the archive shares is kept, as the
      // provider's last copy, to link unchanged files from at the next backup.
      try (Stream<Path> left = Files.list(shadow)) {
        List<String> names = left.map(p -> p.getFileName().toString()).toList();
        assertEquals(
            List.of(manifest.snapshotSetId() + ".last"), names, "the shadow copy is released");
      }
      assertEquals(before, TreeState.of(live), "the backup does not touch live data");

      RestoreResult result = rig.app.restore(archive, Optional.of(target), ProgressListener.none());

      Path copy = Data.under(target, live);
      assertEquals(withoutLocks(before), TreeState.of(copy));
      assertEquals(
          manifest.files().stream()
              .map(f -> Data.under(target, f.originalPath()))
              .collect(Collectors.toSet()),
          regularFilesWithoutLocks(target),
          "nothing but the archive's files is written under the target");
      for (FileEntry file : manifest.files()) {
        Path restored = Data.under(target, file.originalPath());
        assertEquals(
            Files.getLastModifiedTime(file.originalPath()),
            Files.getLastModifiedTime(restored),
            "last-modified time of " + restored);
      }
      assertEquals(manifest.files().size(), result.restored().size());
      assertEquals(manifest.totalBytes(), result.bytes());
      assertEquals(List.of(IDENTIFY, PRE_RESTORE, POST_RESTORE), db.eventsOutside(session));
      assertEquals(before, TreeState.of(live), "a restore elsewhere leaves the live data alone");
      assertTrue(rig.coordinator.activeSessions().isEmpty());
    }
  }

  @Test
  void restoreToTheOriginalLocationBringsBackTheOriginals() throws IOException {
    Map<String, String> before = TreeState.of(live);
    byte[] orders = Files.readAllBytes(live.resolve("orders.db"));
    try (BackupRig rig = rig()) {
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      SessionId session = rig.onlySession();

      Files.write(live.resolve("orders.db"), "overwritten".getBytes());
      Files.delete(live.resolve("sub/index.idx"));
      Files.delete(live.resolve("sub/deeper/blob.bin"));
      Files.delete(live.resolve("sub/deeper"));
      Files.writeString(live.resolve("orders.log"), "truncated");
      Files.writeString(live.resolve("db.lck"), "locked by pid 2\n");

      rig.app.restore(archive, Optional.empty(), ProgressListener.none());

      assertArrayEquals(orders, Files.readAllBytes(live.resolve("orders.db")));
      Map<String, String> expected = new TreeMap<>(before);
      expected.put("db.lck", TreeState.of(live).get("db.lck"));
      assertEquals(
          expected, TreeState.of(live), "originals back; the excluded lock file left alone");
      assertEquals("locked by pid 2\n", Files.readString(live.resolve("db.lck")));
      assertEquals(
          List.of(IDENTIFY, PRE_RESTORE, POST_RESTORE), rig.w("db").eventsOutside(session));
    }
  }

  @Test
  void theArchiveHoldsTheFrozenDataNotWhatChangedAfterThaw() throws IOException {
    Map<String, String> frozen = withoutLocks(TreeState.of(live));
    try (BackupRig rig = rig()) {
      // After Thaw, the application goes on writing: in PostSnapshot, and while the archive is
      // being written (the listener is first told before the first byte is copied).
      rig.w("db")
          .writer()
          .on(
              POST_SNAPSHOT,
              (c, r) -> Files.writeString(live.resolve("orders.db"), "changed after Thaw"));
      boolean[] changedDuringCopy = {false};
      ProgressListener changer =
          progress -> {
            if (!changedDuringCopy[0]) {
              changedDuringCopy[0] = true;
              try {
                Files.writeString(live.resolve("sub/index.idx"), "index v2, much longer than v1\n");
                Files.delete(live.resolve("orders.log"));
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            }
          };

      rig.app.backup(BackupOptions.full(), archive, changer);

      assertTrue(changedDuringCopy[0]);
      assertEquals("changed after Thaw", Files.readString(live.resolve("orders.db")));
      rig.app.restore(archive, Optional.of(target), ProgressListener.none());
      assertEquals(frozen, TreeState.of(Data.under(target, live)));
    }
  }

  @Test
  void theFrozenDataTestWouldSeeLiveDataWithoutACopy() throws IOException {
    // The control for the test above: with a provider that copies nothing, the change made in
    // PostSnapshot does reach the archive, so that test can tell a snapshot from live data.
    try (BackupRig rig =
        BackupRig.builder(new PassThroughSnapshotProvider()).writer("db", live).build()) {
      rig.w("db")
          .writer()
          .on(
              POST_SNAPSHOT,
              (c, r) -> Files.writeString(live.resolve("orders.db"), "changed after Thaw"));
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      rig.app.restore(archive, Optional.of(target), ProgressListener.none());
      assertEquals(
          "changed after Thaw", Files.readString(Data.under(target, live.resolve("orders.db"))));
    }
  }

  private static SeenEvent seen(BackupRig.W w, SessionId session, WriterEvent event) {
    return w.recorder().events(session).stream()
        .filter(e -> e.event() == event)
        .findFirst()
        .orElseThrow();
  }

  private static Set<Path> regularFilesWithoutLocks(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".lck"))
          .collect(Collectors.toSet());
    }
  }
}
