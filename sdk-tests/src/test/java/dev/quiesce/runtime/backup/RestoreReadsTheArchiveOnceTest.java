package dev.quiesce.runtime.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.SeenEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore to original paths reads the archive once, before PreRestore, writing every file where
 * the writer's PreRestore cannot disturb it: a writer that sets its data directory aside in
 * PreRestore (as a database does) gets exactly the backup back, its set-aside data holds nothing of
 * the restore's, and the archive is not needed any more once PreRestore is raised. A whole chain of
 * incremental archives too.
 */
class RestoreReadsTheArchiveOnceTest {
  @TempDir Path tmp;
  private Path live;
  private Path aside;

  @BeforeEach
  void setUp() throws IOException {
    live = Data.tree(tmp.resolve("live/db"));
    aside = tmp.resolve("live/db.before-restore");
  }

  /**
   * Makes the rig's writer, in PreRestore, set its data directory aside and then delete the
   * archives of {@code archives}: what it then gets back was read before.
   */
  private void setAsideAndDeleteTheArchives(BackupRig rig, List<Path> archives) {
    rig.w("db")
        .writer()
        .on(
            WriterEvent.PRE_RESTORE,
            (c, r) -> {
              Files.move(live, aside);
              for (Path archive : archives) {
                deleteTree(archive);
              }
            });
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private List<WriterEvent> eventsAfter(BackupRig rig, int backupEvents) {
    return rig.w("db").recorder().events().stream()
        .skip(backupEvents)
        .map(SeenEvent::event)
        .toList();
  }

  private void assertNoStagingLeft() throws IOException {
    try (Stream<Path> all = Files.walk(tmp)) {
      assertEquals(
          List.of(),
          all.filter(p -> p.getFileName().toString().contains(".quiesce-restore-")).toList(),
          "no staging directory or temporary file is left");
    }
  }

  @Test
  void aWriterThatSetsItsDataAsideGetsTheBackupBackThoughTheArchiveIsGoneByThen()
      throws IOException {
    Path archive = tmp.resolve("backups/full");
    try (BackupRig rig =
        BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow")))
            .writer("db", live)
            .build()) {
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      Map<String, String> backedUp = TreeState.writerFiles(live);
      Files.writeString(live.resolve("orders.db"), "newer than the backup");
      Files.writeString(live.resolve("new-since.txt"), "not in the backup");
      Map<String, String> before = TreeState.of(live);
      int backupEvents = rig.w("db").recorder().events().size();
      setAsideAndDeleteTheArchives(rig, List.of(archive));

      RestoreResult result = rig.app.restore(archive, Optional.empty(), ProgressListener.none());

      assertEquals(backedUp, TreeState.writerFiles(live), "exactly the backup, in place");
      assertEquals(backedUp.size(), result.restored().size());
      assertEquals(before, TreeState.of(aside), "what the writer set aside is untouched");
      assertFalse(Files.exists(archive), "the archive was deleted in PreRestore");
      assertEquals(
          List.of(WriterEvent.IDENTIFY, WriterEvent.PRE_RESTORE, WriterEvent.POST_RESTORE),
          eventsAfter(rig, backupEvents));
      assertNoStagingLeft();
    }
  }

  @Test
  void aChainIsReadOnceTooEveryLinkBeforePreRestore() throws IOException {
    Path full = tmp.resolve("backups/full");
    Path inc = tmp.resolve("backups/inc");
    try (BackupRig rig =
        BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow")))
            .writer("db", live)
            .build()) {
      rig.app.backup(BackupOptions.full(), full, ProgressListener.none());
      Files.writeString(live.resolve("orders.log"), "committed after the full backup\n");
      Files.delete(live.resolve("sub/index.idx"));
      rig.app.backup(
          BackupOptions.full().withBackupType(BackupType.INCREMENTAL),
          Optional.of(full),
          inc,
          ProgressListener.none());
      Map<String, String> backedUp = TreeState.writerFiles(live);
      Files.writeString(live.resolve("orders.db"), "newer than both backups");
      List<Path> links = new ArrayList<>(List.of(full, inc));
      setAsideAndDeleteTheArchives(rig, links);

      rig.app.restore(inc, Optional.empty(), ProgressListener.none());

      assertEquals(
          backedUp, TreeState.writerFiles(live), "the incremental backup's state, in place");
      assertNoStagingLeft();
    }
  }
}
