package dev.quiesce.runtime.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.PostRestoreContext;
import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new target chosen by the requestor at restore (VSS's {@code AddNewTarget}): the component's
 * files go under it, its writer is told where in PreRestore, and at PostRestore whether its files
 * were restored.
 */
class NewTargetTest {
  @TempDir Path tmp;

  @Test
  void aComponentGoesUnderItsNewTargetAndItsWriterIsToldWhere() throws IOException {
    Path db = Data.tree(tmp.resolve("live/db"));
    Path logs = Data.tree(tmp.resolve("live/logs"));
    Map<String, Optional<Path>> told = new ConcurrentHashMap<>();
    Map<String, FileRestoreStatus> status = new ConcurrentHashMap<>();
    try (BackupRig rig =
        BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow")))
            .writer("db", db)
            .writer("logs", logs)
            .build()) {
      for (BackupRig.W w : rig.all()) {
        w.writer()
            .on(
                WriterEvent.PRE_RESTORE,
                (c, r) ->
                    told.put(w.name(), ((PreRestoreContext) c).restoreTarget(BackupRig.COMPONENT)))
            .on(
                WriterEvent.POST_RESTORE,
                (c, r) ->
                    status.put(
                        w.name(), ((PostRestoreContext) c).fileRestoreStatus(BackupRig.COMPONENT)));
      }
      Path archive = tmp.resolve("archive");
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());

      Path all = tmp.resolve("all");
      Path elsewhere = tmp.resolve("elsewhere");
      IllegalArgumentException unknown =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  rig.app.restore(
                      archive,
                      Optional.of(all),
                      Map.of(new ComponentRef("db", "nothing"), elsewhere),
                      ProgressListener.none()));
      assertTrue(unknown.getMessage().contains("db/nothing"), unknown.getMessage());
      assertFalse(Files.exists(all) || Files.exists(elsewhere), "nothing written");

      rig.app.restore(
          archive,
          Optional.of(all),
          Map.of(new ComponentRef("db", BackupRig.COMPONENT), elsewhere),
          ProgressListener.none());

      assertEquals(TreeState.writerFiles(db), TreeState.writerFiles(Data.under(elsewhere, db)));
      assertEquals(TreeState.writerFiles(logs), TreeState.writerFiles(Data.under(all, logs)));
      assertFalse(Files.exists(Data.under(all, db)), "db's files went to their new target only");
    }
    assertEquals(Optional.of(tmp.resolve("elsewhere")), told.get("db"));
    assertEquals(Optional.of(tmp.resolve("all")), told.get("logs"));
    assertEquals(Map.of("db", FileRestoreStatus.ALL, "logs", FileRestoreStatus.ALL), status);
  }
}
