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

import dev.quiesce.api.BackupType;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.PostSnapshotContext;
import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.PrepareBackupContext;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.RestoreOptions;
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
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

  @Test
  void theBackupComponentsDocumentTravelsThroughTheDaemon() throws Exception {
    Path live = Data.tree(tmp.resolve("live/db"));
    List<Optional<String>> stamps = new CopyOnWriteArrayList<>();
    List<Optional<String>> metadata = new CopyOnWriteArrayList<>();
    try (BackupRig rig =
            BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow")))
                .writer("db", live)
                .build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(tmp.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "remote-backup")) {
      rig.w("db")
          .writer()
          .on(
              PREPARE_BACKUP,
              (c, r) ->
                  stamps.add(((PrepareBackupContext) c).previousBackupStamp(BackupRig.COMPONENT)))
          .on(
              POST_SNAPSHOT,
              (c, r) -> {
                var ctx = (PostSnapshotContext) c;
                ctx.setBackupStamp(BackupRig.COMPONENT, "stamp " + stamps.size());
                ctx.setBackupMetadata(BackupRig.COMPONENT, "label " + stamps.size());
              })
          .on(
              PRE_RESTORE,
              (c, r) -> {
                var ctx = (PreRestoreContext) c;
                metadata.add(ctx.backupMetadata(BackupRig.COMPONENT));
                ctx.setRestoreMetadata(BackupRig.COMPONENT, "was running");
              });
      BackupApplication app = new BackupApplication(remote);
      Path full = tmp.resolve("full");
      app.backup(BackupOptions.full(), full, ProgressListener.none());
      Files.writeString(live.resolve("orders.log"), "more\n", StandardOpenOption.APPEND);
      Path incremental = tmp.resolve("incremental");
      Manifest m =
          app.backup(
                  BackupOptions.full().withBackupType(BackupType.INCREMENTAL),
                  Optional.of(full),
                  incremental,
                  ProgressListener.none())
              .manifest();
      assertEquals(1, m.files().size());
      app.restore(incremental, Optional.of(tmp.resolve("restored")), ProgressListener.none());

      try (var session = remote.openRestore(RestoreOptions.full().toAlternateLocation(tmp))) {
        var ref = new ComponentRef("db", BackupRig.COMPONENT);
        session.setBackupMetadata(ref, "given by hand");
        session.preRestore();
        session.setFileRestoreStatus(ref, FileRestoreStatus.NONE);
        session.postRestore();
        assertEquals(Optional.of("was running"), session.restoreMetadata(ref));
      }
    }
    assertEquals(List.of(Optional.empty(), Optional.of("stamp 1")), stamps);
    assertEquals(List.of(Optional.of("label 2"), Optional.of("given by hand")), metadata);
  }
}
