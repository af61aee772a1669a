package dev.quiesce.runtime.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.SeenEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restoring to original paths replaces a running writer's files only if it takes part: it handles
 * PreRestore (and PostRestore), or its restore method allows it ({@code RESTORE_IF_NOT_THERE},
 * under which nothing existing is replaced). Otherwise the coordinator refuses before any
 * PreRestore, for a requestor in this process and one through the daemon alike, saying what to do.
 */
class RestoreInPlaceTest {
  @TempDir Path tmp;

  /** Where the daemon's socket goes: outside {@link #tmp}, whose every file is compared. */
  @TempDir Path sockets;

  private BackupRig rig(Path live, RestoreMethod method) {
    return BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow")))
        .writerWithoutRestoreHandlers("db", live, method)
        .build();
  }

  /** The events of the writer after the backup's. */
  private static List<WriterEvent> eventsAfter(BackupRig rig, int backupEvents) {
    return rig.w("db").recorder().events().stream()
        .skip(backupEvents)
        .map(SeenEvent::event)
        .toList();
  }

  @Test
  void aWriterWithoutPreRestoreHasItsFilesReplacedNeitherInProcessNorThroughTheDaemon()
      throws IOException {
    Path live = Data.tree(tmp.resolve("live/db"));
    Path archive = tmp.resolve("archive");
    try (BackupRig rig = rig(live, RestoreMethod.RESTORE_IF_CAN_REPLACE);
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(sockets.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "remote-restore")) {
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      int backupEvents = rig.w("db").recorder().events().size();
      Files.writeString(live.resolve("orders.db"), "newer than the backup");
      Map<String, String> everything = TreeState.of(tmp);

      for (BackupApplication app : List.of(rig.app, new BackupApplication(remote))) {
        QuiesceException e =
            assertThrows(
                QuiesceException.class,
                () -> app.restore(archive, Optional.empty(), ProgressListener.none()));
        for (String says :
            List.of(
                "writer 'db' is running and does not take part in restores",
                "RESTORE_IF_CAN_REPLACE does not allow replacing them",
                "@OnPreRestore and @OnPostRestore",
                "restoreMethod(RESTORE_IF_NOT_THERE)",
                "--to DIR")) {
          assertTrue(e.getMessage().contains(says), e.getMessage());
        }
      }

      assertEquals(everything, TreeState.of(tmp), "nothing was written, anywhere");
      assertEquals(
          List.of(WriterEvent.IDENTIFY, WriterEvent.IDENTIFY),
          eventsAfter(rig, backupEvents),
          "asked what it declares (once per restore), never told PreRestore");
      assertEquals(List.of(), rig.coordinator.activeSessions());

      // Under another directory it is no business of the running writer's.
      Path target = tmp.resolve("restored");
      rig.app.restore(archive, Optional.of(target), ProgressListener.none());
      assertEquals(
          Files.readString(Data.under(target, live.resolve("orders.log"))),
          "committed order\n".repeat(100));
    }
  }

  @Test
  void restoreIfNotThereLetsAWriterWithoutPreRestoreHaveItsMissingFilesBack() throws IOException {
    Path live = Data.tree(tmp.resolve("live/db"));
    Path archive = tmp.resolve("archive");
    try (BackupRig rig = rig(live, RestoreMethod.RESTORE_IF_NOT_THERE)) {
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      Files.writeString(live.resolve("orders.db"), "newer than the backup");
      Files.delete(live.resolve("orders.log"));

      RestoreResult result = rig.app.restore(archive, Optional.empty(), ProgressListener.none());

      assertEquals(List.of(live.resolve("orders.log")), result.restored());
      assertEquals("newer than the backup", Files.readString(live.resolve("orders.db")));
      assertEquals("committed order\n".repeat(100), Files.readString(live.resolve("orders.log")));
    }
  }

  @Test
  void stopRestoreStartWithoutPreRestoreIsRefusedSayingWhy() throws IOException {
    Path live = Data.tree(tmp.resolve("live/db"));
    Path archive = tmp.resolve("archive");
    try (BackupRig rig = rig(live, RestoreMethod.STOP_RESTORE_START)) {
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      Files.delete(live.resolve("orders.log"));
      QuiesceException e =
          assertThrows(
              QuiesceException.class,
              () -> rig.app.restore(archive, Optional.empty(), ProgressListener.none()));
      assertTrue(
          e.getMessage().contains("its restore method STOP_RESTORE_START relies on one"),
          e.getMessage());
      assertTrue(Files.notExists(live.resolve("orders.log")));
    }
  }
}
