package dev.quiesce.runtime.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.PostRestoreContext;
import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.RestoreOptions;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.archive.InvalidArchiveException;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore to original paths places the files of a writer declaring {@code
 * RESTORE_TO_ALTERNATE_LOCATION} by the alternate location mappings it declares now (VSS's {@code
 * AddAlternateLocationMapping}), refuses before anything is written or any writer told a file no
 * mapping holds or a mapping through a link, and tells the writer where its files went.
 */
class AlternateLocationRestoreTest {
  @TempDir Path tmp;

  /** One {@code alternateLocationMapping} the writer declares at Identify. */
  private record Mapping(Path root, String filespec, boolean recursive, Path destination) {}

  private final List<Mapping> mappings = new CopyOnWriteArrayList<>();
  private final Map<String, Optional<Path>> told = new ConcurrentHashMap<>();
  private final Map<String, FileRestoreStatus> status = new ConcurrentHashMap<>();
  private Path db;

  /** A rig with writer {@code db}, declaring {@code method} and the test's current mappings. */
  private BackupRig rig(RestoreMethod method) throws IOException {
    db = Data.tree(tmp.resolve("live/db")).toAbsolutePath().normalize();
    BackupRig rig =
        BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow"))).writer("db", db).build();
    rig.w("db")
        .writer()
        .on(
            WriterEvent.IDENTIFY,
            (c, r) -> {
              IdentifyContext identify = (IdentifyContext) c;
              identify.component(BackupRig.COMPONENT).files(db, "*", true);
              identify.excludeFiles(db, "*.lck", true);
              identify.restoreMethod(method);
              mappings.forEach(
                  m ->
                      identify.alternateLocationMapping(
                          m.root(), m.filespec(), m.recursive(), m.destination()));
            })
        .on(
            WriterEvent.PRE_RESTORE,
            (c, r) -> told.put("pre", ((PreRestoreContext) c).restoreTarget(BackupRig.COMPONENT)))
        .on(
            WriterEvent.POST_RESTORE,
            (c, r) -> {
              PostRestoreContext post = (PostRestoreContext) c;
              told.put("post", post.restoreTarget(BackupRig.COMPONENT));
              status.put("post", post.fileRestoreStatus(BackupRig.COMPONENT));
            });
    return rig;
  }

  @Test
  void filesGoToTheirMappedPlacesWithTheirContentAndTheWriterIsToldWhere() throws IOException {
    try (BackupRig rig = rig(RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION)) {
      Path alt = tmp.resolve("alt").toAbsolutePath().normalize();
      mappings.add(new Mapping(db.resolve("sub"), "*", true, alt.resolve("indexes")));
      mappings.add(new Mapping(db, "*", true, alt.resolve("main")));
      Map<String, String> before = TreeState.writerFiles(db);
      byte[] blob = Files.readAllBytes(db.resolve("sub/deeper/blob.bin"));
      byte[] orders = Files.readAllBytes(db.resolve("orders.db"));
      Path archive = tmp.resolve("archive");
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      Files.writeString(db.resolve("orders.db"), "live data, changed since the backup");

      rig.app.restore(archive, Optional.empty(), ProgressListener.none());

      assertArrayEquals(orders, Files.readAllBytes(alt.resolve("main/orders.db")));
      assertArrayEquals(blob, Files.readAllBytes(alt.resolve("indexes/deeper/blob.bin")));
      assertEquals("index v1\n", Files.readString(alt.resolve("indexes/index.idx")));
      assertFalse(Files.exists(alt.resolve("main/sub")), "sub's files went by the first mapping");
      Map<String, String> restored = new TreeMap<>(TreeState.writerFiles(alt.resolve("main")));
      TreeState.writerFiles(alt.resolve("indexes")).forEach((k, v) -> restored.put("sub/" + k, v));
      assertEquals(before, restored);
      assertEquals(
          "live data, changed since the backup",
          Files.readString(db.resolve("orders.db")),
          "the live file was not restored over");
    }
    Path alt = tmp.resolve("alt").toAbsolutePath().normalize();
    assertEquals(Optional.of(alt), told.get("pre"), "the deepest directory holding both");
    assertEquals(Optional.of(alt), told.get("post"));
    assertEquals(FileRestoreStatus.ALL, status.get("post"));
  }

  @Test
  void throughTheDaemonTheMappingsArePlacedAndToldTheSame(@TempDir Path sockets)
      throws IOException {
    try (BackupRig rig = rig(RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION);
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(sockets.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "remote-restore")) {
      Path alt = tmp.resolve("alt").toAbsolutePath().normalize();
      mappings.add(new Mapping(db, "*", true, alt));
      Map<String, String> before = TreeState.writerFiles(db);
      Path archive = tmp.resolve("archive");
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      Files.writeString(db.resolve("orders.db"), "live data");

      new BackupApplication(remote).restore(archive, Optional.empty(), ProgressListener.none());

      assertEquals(before, TreeState.writerFiles(alt));
      assertEquals("live data", Files.readString(db.resolve("orders.db")));
      assertEquals(Optional.of(alt), told.get("pre"));
      assertEquals(FileRestoreStatus.ALL, status.get("post"));
    }
  }

  @Test
  void aComponentWithNoFilesIsToldItsMappingsAndUnderADirectoryTheDirectory() throws IOException {
    try (BackupRig rig = rig(RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION)) {
      Path alt = tmp.resolve("alt").toAbsolutePath().normalize();
      mappings.add(new Mapping(db, "*", true, alt));
      for (String f :
          List.of(
              "orders.db",
              "orders.log",
              "empty.dat",
              "name with spaces & 100%.txt",
              "sub/index.idx",
              "sub/deeper/blob.bin")) {
        Files.delete(db.resolve(f));
      }
      Path archive = tmp.resolve("archive");
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());

      rig.app.restore(archive, Optional.empty(), ProgressListener.none());
      assertEquals(Optional.of(alt), told.get("pre"), "not refused: nothing goes over live files");
      assertFalse(Files.exists(alt), "nothing to write");

      Path under = tmp.resolve("under").toAbsolutePath().normalize();
      rig.app.restore(archive, Optional.of(under), ProgressListener.none());
      assertEquals(Optional.of(under), told.get("pre"), "under a directory, the directory");
    }
  }

  @Test
  void aFileNoMappingHoldsIsRefusedBeforeAnyWriteAndBeforePreRestore() throws IOException {
    try (BackupRig rig = rig(RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION)) {
      Path alt = tmp.resolve("alt");
      mappings.add(new Mapping(db, "*.db", false, alt));
      Path archive = tmp.resolve("archive");
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      Map<String, String> live = TreeState.writerFiles(db);

      InvalidArchiveException e =
          assertThrows(
              InvalidArchiveException.class,
              () -> rig.app.restore(archive, Optional.empty(), ProgressListener.none()));

      assertTrue(
          e.getMessage().contains("none of its alternate location mappings"), e.getMessage());
      assertTrue(e.getMessage().contains("orders.log"), e.getMessage());
      assertFalse(e.getMessage().contains("orders.db:"), "orders.db is mapped: " + e.getMessage());
      assertFalse(Files.exists(alt), "nothing written");
      assertEquals(live, TreeState.writerFiles(db));
      assertTrue(told.isEmpty(), "no PreRestore: " + told);
    }
  }

  @Test
  void aMappingThroughASymbolicLinkIsRefused() throws IOException {
    try (BackupRig rig = rig(RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION)) {
      Path outside = Files.createDirectories(tmp.resolve("outside"));
      Path alt = Files.createDirectories(tmp.resolve("alt"));
      Files.createSymbolicLink(alt.resolve("sub"), outside);
      Path linked = Files.createSymbolicLink(tmp.resolve("linked"), outside);
      mappings.add(new Mapping(db, "*", true, alt));
      Path archive = tmp.resolve("archive");
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());

      InvalidArchiveException inside =
          assertThrows(
              InvalidArchiveException.class,
              () -> rig.app.restore(archive, Optional.empty(), ProgressListener.none()));
      assertTrue(
          inside.getMessage().contains(alt.resolve("sub") + " is a symbolic link"),
          inside.getMessage());

      mappings.clear();
      mappings.add(new Mapping(db, "*", true, linked));
      InvalidArchiveException itself =
          assertThrows(
              InvalidArchiveException.class,
              () -> rig.app.restore(archive, Optional.empty(), ProgressListener.none()));
      assertTrue(
          itself.getMessage().contains(linked.toAbsolutePath() + " is a symbolic link"),
          itself.getMessage());

      try (var listed = Files.list(outside)) {
        assertEquals(0, listed.count(), "nothing written through the links");
      }
      assertTrue(told.isEmpty(), "no PreRestore: " + told);
    }
  }

  @Test
  void aChainIsRestoredByTheMappingsTheRunningWriterDeclaresNow() throws IOException {
    try (BackupRig rig = rig(RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION)) {
      Path declaredAtBackup = tmp.resolve("old-alt");
      mappings.add(new Mapping(db, "*", true, declaredAtBackup));
      rig.app.backup(BackupOptions.full(), tmp.resolve("full"), ProgressListener.none());
      Files.writeString(db.resolve("orders.log"), "appended since the full backup\n");
      Files.writeString(db.resolve("sub/new.idx"), "a new index\n");
      rig.app.backup(
          BackupOptions.full().withBackupType(BackupType.INCREMENTAL),
          Optional.of(tmp.resolve("full")),
          tmp.resolve("incr"),
          ProgressListener.none());
      Map<String, String> newest = TreeState.writerFiles(db);

      Path now = tmp.resolve("new-alt").toAbsolutePath().normalize();
      mappings.clear();
      mappings.add(new Mapping(db, "*", true, now));
      rig.app.restore(tmp.resolve("incr"), Optional.empty(), ProgressListener.none());

      assertEquals(newest, TreeState.writerFiles(now));
      assertFalse(Files.exists(declaredAtBackup), "the archive's own mappings are not used");
      assertEquals(Optional.of(now), told.get("pre"));
      assertEquals(FileRestoreStatus.ALL, status.get("post"));
    }
  }

  @Test
  void aFileThatCannotBeReplacedGoesToItsAlternateLocationUnderRestoreIfCanReplace()
      throws IOException {
    try (BackupRig rig = rig(RestoreMethod.RESTORE_IF_CAN_REPLACE)) {
      Path alt = tmp.resolve("alt").toAbsolutePath().normalize();
      mappings.add(new Mapping(db, "*.log", false, alt));
      Path archive = tmp.resolve("archive");
      String log = Files.readString(db.resolve("orders.log"));
      byte[] orders = Files.readAllBytes(db.resolve("orders.db"));
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      Files.delete(db.resolve("orders.log"));
      Files.createDirectory(db.resolve("orders.log"));
      Files.writeString(db.resolve("orders.db"), "changed");

      rig.app.restore(archive, Optional.empty(), ProgressListener.none());

      assertEquals(log, Files.readString(alt.resolve("orders.log")));
      assertTrue(Files.isDirectory(db.resolve("orders.log")), "left alone");
      assertArrayEquals(orders, Files.readAllBytes(db.resolve("orders.db")), "replaced in place");
      try (var listed = Files.list(alt)) {
        assertEquals(1, listed.count(), "only the file that could not be replaced went there");
      }
      assertEquals(Optional.of(alt), told.get("post"));
      assertEquals(FileRestoreStatus.ALL, status.get("post"));
    }
  }

  @Test
  void noMappingOrAMappingOntoLiveFilesIsRefusedBeforeAnyWrite() throws IOException {
    try (BackupRig rig = rig(RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION)) {
      Path archive = tmp.resolve("archive");
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      Map<String, String> everything = TreeState.of(tmp);

      InvalidArchiveException none =
          assertThrows(
              InvalidArchiveException.class,
              () -> rig.app.restore(archive, Optional.empty(), ProgressListener.none()));
      assertTrue(
          none.getMessage().contains("declares no alternate location mapping"), none.getMessage());

      mappings.add(new Mapping(db, "*", true, db.resolve("restored")));
      InvalidArchiveException ontoLive =
          assertThrows(
              InvalidArchiveException.class,
              () -> rig.app.restore(archive, Optional.empty(), ProgressListener.none()));
      assertTrue(
          ontoLive.getMessage().contains("is among the files writer 'db' declares"),
          ontoLive.getMessage());

      assertEquals(everything, TreeState.of(tmp), "nothing was written, anywhere");
      assertTrue(told.isEmpty(), "no PreRestore: " + told);
    }
  }

  @Test
  void theCoordinatorRefusesInPlaceUnlessTheRequestorSetARestoreTarget() throws IOException {
    try (BackupRig rig = rig(RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION)) {
      ComponentRef ref = new ComponentRef("db", BackupRig.COMPONENT);
      try (RestoreSession session =
          rig.coordinator.openRestore(RestoreOptions.full().selectingNothing())) {
        session.gatherWriterMetadata();
        session.select(ref);
        QuiesceException e = assertThrows(QuiesceException.class, session::preRestore);
        assertTrue(
            e.getMessage().contains("no restore target was set for its components [data]"),
            e.getMessage());
      }
      assertTrue(told.isEmpty(), "no PreRestore: " + told);

      Path alt = tmp.resolve("alt").toAbsolutePath().normalize();
      try (RestoreSession session =
          rig.coordinator.openRestore(RestoreOptions.full().selectingNothing())) {
        session.gatherWriterMetadata();
        session.select(ref);
        session.setRestoreTarget(ref, alt);
        session.preRestore();
        session.setFileRestoreStatus(ref, FileRestoreStatus.ALL);
        session.postRestore();
      }
      assertEquals(Optional.of(alt), told.get("pre"));
    }
  }
}
