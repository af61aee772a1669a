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
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ArchiveVerifier;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.SeenEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup application as a requestor of a daemon: the same archive and the same restore as
 * in-process, with the writers told through the daemon's socket.
 */
class RemoteBackupRoundTripTest {
  @TempDir Path tmp;

  @Test
  void backupAndRestoreThroughTheDaemonMatchInProcess() throws Exception {
    Path live = Data.tree(tmp.resolve("live/db"));
    Map<String, String> before = TreeState.of(live);
    Path archive = tmp.resolve("archive");
    Path target = tmp.resolve("restored");
    try (BackupRig rig =
            BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow")))
                .writer("db", live)
                .build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(tmp.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "remote-backup")) {
      BackupApplication app = new BackupApplication(remote);

      BackupReport report = app.backup(BackupOptions.full(), archive, ProgressListener.none());

      SessionId backup = report.session();
      BackupRig.W db = rig.w("db");
      db.recorder()
          .assertSequence(
              backup,
              IDENTIFY,
              PREPARE_BACKUP,
              PREPARE_SNAPSHOT,
              FREEZE,
              THAW,
              POST_SNAPSHOT,
              BACKUP_COMPLETE,
              BACKUP_SHUTDOWN);
      db.recorder().assertOneShutdown(backup, ShutdownCause.COMPLETED);
      Manifest manifest = ArchiveVerifier.verify(archive);
      assertEquals(
          db.recorder().events(backup).stream()
              .filter(e -> e.event() == FREEZE)
              .findFirst()
              .flatMap(SeenEvent::snapshotSetId)
              .orElseThrow(),
          manifest.snapshotSetId());

      app.restore(archive, Optional.of(target), ProgressListener.none());

      Map<String, String> kept = new TreeMap<>(before);
      kept.keySet().removeIf(name -> name.endsWith(".lck"));
      assertEquals(kept, TreeState.of(Data.under(target, live)));
      List<SessionId> restores =
          db.recorder().events().stream()
              .map(SeenEvent::session)
              .filter(s -> !s.equals(backup))
              .distinct()
              .toList();
      assertEquals(1, restores.size());
      db.recorder().assertSequence(restores.get(0), IDENTIFY, PRE_RESTORE, POST_RESTORE);
      assertEquals(before, TreeState.of(live), "the live data is untouched");
      assertEquals(List.of(), rig.coordinator.activeSessions());
      assertEquals(true, Files.isDirectory(archive));
    }
  }
}
