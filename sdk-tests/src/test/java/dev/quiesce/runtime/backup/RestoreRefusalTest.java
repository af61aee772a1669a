package dev.quiesce.runtime.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.metadata.Component;
import dev.quiesce.api.metadata.FileSet;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ArchiveVerifier;
import dev.quiesce.runtime.archive.FileEntry;
import dev.quiesce.runtime.archive.InvalidArchiveException;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.archive.WriterEntry;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.SeenEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile archives are refused by {@link BackupApplication#restore} before any writer
 * is told: no restore session is opened (no Identify, PreRestore or PostRestore), and nothing is
 * written anywhere, in the target directory, the original location or outside both. The one
 * exception is a file whose bytes are damaged, restored to original paths: the archive is read
 * once, as the files are written, after Identify, so the writers are asked what they declare, and
 * told nothing else.
 */
class RestoreRefusalTest {
  @TempDir Path tmp;
  private Path live;
  private Path archive;
  private Path target;
  private BackupRig rig;
  private Manifest manifest;
  private FileEntry orders;
  private Map<String, List<SeenEvent>> eventsOfTheBackup;

  @BeforeEach
  void backUp() throws IOException {
    live = Data.tree(tmp.resolve("live/db"));
    archive = tmp.resolve("backups/archive");
    target = Files.createDirectories(tmp.resolve("restored"));
    Files.writeString(target.resolve("already-here.txt"), "keep me");
    rig =
        BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow")))
            .writer("db", live)
            .build();
    manifest = rig.app.backup(BackupOptions.full(), archive, ProgressListener.none()).manifest();
    orders =
        manifest.files().stream()
            .filter(f -> f.originalPath().equals(live.resolve("orders.db")))
            .findFirst()
            .orElseThrow();
    eventsOfTheBackup = rig.allEvents();
    // The live data has moved on since the backup: a refused restore must not bring it back.
    Files.writeString(live.resolve("orders.db"), "newer than the backup");
  }

  @AfterEach
  void closeRig() {
    rig.close();
  }

  /** Restores to {@code where}, expecting a refusal that says each of {@code fragments}. */
  private InvalidArchiveException assertRefused(Optional<Path> where, String... fragments)
      throws IOException {
    Map<String, String> everything = TreeState.of(tmp);
    InvalidArchiveException e =
        assertThrows(
            InvalidArchiveException.class,
            () -> rig.app.restore(archive, where, ProgressListener.none()));
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
    assertEquals(eventsOfTheBackup, rig.allEvents(), "no writer was told of a restore");
    assertEquals(everything, TreeState.of(tmp), "nothing was written, anywhere");
    assertEquals("keep me", Files.readString(target.resolve("already-here.txt")));
    assertTrue(rig.coordinator.activeSessions().isEmpty());
    return e;
  }

  /**
   * Restores to original paths, expecting a refusal that says each of {@code fragments} once the
   * running writers were asked what they declare now: Identify, and no PreRestore.
   */
  private InvalidArchiveException assertRefusedAfterIdentify(String... fragments)
      throws IOException {
    Map<String, String> everything = TreeState.of(tmp);
    InvalidArchiveException e =
        assertThrows(
            InvalidArchiveException.class,
            () -> rig.app.restore(archive, Optional.empty(), ProgressListener.none()));
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
    assertEquals(
        List.of(WriterEvent.IDENTIFY),
        rig.w("db").recorder().events().stream()
            .skip(eventsOfTheBackup.get("db").size())
            .map(SeenEvent::event)
            .toList(),
        "the writer was asked what it declares now, and told nothing else");
    assertEquals(everything, TreeState.of(tmp), "nothing was written, anywhere");
    assertTrue(rig.coordinator.activeSessions().isEmpty());
    return e;
  }

  private void assertRefusedBothWays(String... fragments) throws IOException {
    assertRefused(Optional.of(target), fragments);
    assertRefused(Optional.empty(), fragments);
    assertEquals("newer than the backup", Files.readString(live.resolve("orders.db")));
  }

  private void editManifest(String from, String to) throws IOException {
    Path file = archive.resolve(Manifest.FILE_NAME);
    String json = Files.readString(file);
    assertTrue(json.contains(from), from + " is not in the manifest");
    Files.writeString(file, json.replace(from, to));
  }

  @Test
  void oneChangedByteIsRefusedNamingTheFile() throws IOException {
    Path data = archive.resolve(orders.archivePath());
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 1;
    Files.write(data, bytes);
    String[] says = {orders.archivePath() + " has SHA-256", "the file is corrupt or was changed"};
    assertRefused(Optional.of(target), says);
    // To original paths the archive is read once, as the files are written, and that needs the
    // plan, which needs what the writers declare now: refused after Identify, before PreRestore.
    assertRefusedAfterIdentify(says);
    assertEquals("newer than the backup", Files.readString(live.resolve("orders.db")));
  }

  @Test
  void aMissingFileIsRefusedNamingIt() throws IOException {
    Files.delete(archive.resolve(orders.archivePath()));
    assertRefusedBothWays(
        orders.archivePath() + " is missing (the backup of " + orders.originalPath() + ")");
  }

  @Test
  void anArchiveWithoutItsManifestIsNoBackup() throws IOException {
    Files.delete(archive.resolve(Manifest.FILE_NAME));
    assertRefusedBothWays("has no manifest.json: it is not a complete backup");
  }

  @Test
  void anArchivePathClimbingOutOfTheArchiveIsRefused() throws IOException {
    // A file with the right contents where the hostile path points (inside the temporary
    // directory, which is checked whole): only the path rule stops it.
    Path outside = archive.resolve("../../x").normalize();
    assertEquals(tmp.resolve("x"), outside);
    Files.write(outside, Files.readAllBytes(archive.resolve(orders.archivePath())));
    editManifest("\"" + orders.archivePath() + "\"", "\"../../x\"");
    assertRefusedBothWays("archive path '../../x' has a '..' segment");
  }

  @Test
  void anOriginalPathWithDotDotIsRefused() throws IOException {
    // Enough '..' to climb out of the target directory too; either way it would land in
    // tmp/escaped/x, inside the temporary directory that is checked whole.
    String climb = "../".repeat(live.getNameCount() + target.getNameCount());
    Path hostile = Path.of(live + "/" + climb + tmp.getRoot().relativize(tmp) + "/escaped/x");
    assertEquals(tmp.resolve("escaped/x"), hostile.normalize());
    editManifest(
        "\"originalPath\" : \"" + orders.originalPath() + "\"",
        "\"originalPath\" : \"" + hostile + "\"");
    assertRefusedBothWays("original path '" + hostile + "' is not normalized");
  }

  @Test
  void aSymlinkPlantedInTheDataDirectoryIsRefused() throws IOException {
    Path data = archive.resolve(orders.archivePath());
    Path elsewhere = Files.write(tmp.resolve("same-bytes"), Files.readAllBytes(data));
    Files.delete(data);
    Files.createSymbolicLink(data, elsewhere);
    assertRefusedBothWays(orders.archivePath() + " is a symbolic link");
  }

  @Test
  void aSymlinkInTheTargetDirectoryIsRefusedBeforeAnyWriterIsTold() throws IOException {
    Path escape = Files.createDirectories(tmp.resolve("escape"));
    Path firstSegment = target.resolve(live.getName(0).toString());
    Files.createSymbolicLink(firstSegment, escape);
    assertRefused(Optional.of(target), firstSegment + " is a symbolic link inside the target");
    assertEquals(Map.of(), TreeState.of(escape), "nothing written through the link");
  }

  @Test
  void theRefusedArchiveStillRestoresOnceRepaired() throws IOException {
    // The refusals above are about the archive, not a broken rig: the same setup restores.
    rig.app.restore(archive, Optional.of(target), ProgressListener.none());
    List<WriterEvent> restoreEvents =
        rig.w("db").recorder().events().stream()
            .skip(eventsOfTheBackup.get("db").size())
            .map(SeenEvent::event)
            .toList();
    assertEquals(
        List.of(WriterEvent.IDENTIFY, WriterEvent.PRE_RESTORE, WriterEvent.POST_RESTORE),
        restoreEvents);
  }

  @Test
  void anArchiveRestoresWithoutEventsWhenItsWriterIsNotRunning() throws IOException {
    try (BackupRig empty =
        BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow"))).build()) {
      empty.app.restore(archive, Optional.of(target), ProgressListener.none());
    }
    assertEquals(eventsOfTheBackup, rig.allEvents(), "the archive's writer is not this rig's");
    assertArrayEquals(
        Files.readAllBytes(archive.resolve(orders.archivePath())),
        Files.readAllBytes(Data.under(target, orders.originalPath())));
  }

  /**
   * The manifest's own metadata claims an extra file-set root elsewhere, with an entry there that
   * would overwrite a file and one that would create a new one. It is a coherent, verified archive;
   * only what the running writer declares now stops it.
   */
  @Test
  void aManifestClaimingAnExtraRootElsewhereIsRefusedToOriginalPaths() throws IOException {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("victim.txt"), "not the bank's");
    WriterEntry writer = manifest.writers().get(0);
    WriterMetadata m = writer.metadata();
    List<Component> components = new ArrayList<>();
    for (Component c : m.components()) {
      List<FileSet> sets = new ArrayList<>(c.fileSets());
      sets.add(new FileSet(elsewhere, "*", true));
      components.add(
          new Component(c.name(), c.logicalPath(), c.type(), c.caption(), c.selectable(), sets));
    }
    WriterMetadata claimed =
        new WriterMetadata(
            m.writerName(),
            m.writerId(),
            m.instanceName(),
            m.usage(),
            m.source(),
            m.level(),
            components,
            m.excludedFiles(),
            m.restoreMethod());
    List<FileEntry> files = new ArrayList<>(manifest.files());
    for (String name : List.of("victim.txt", "planted.txt")) {
      String archivePath = "data/planted/" + name;
      Files.createDirectories(archive.resolve(archivePath).getParent());
      Files.copy(archive.resolve(orders.archivePath()), archive.resolve(archivePath));
      files.add(
          new FileEntry(
              orders.writerId(),
              orders.instanceName(),
              orders.component(),
              elsewhere.resolve(name),
              archivePath,
              orders.size(),
              orders.sha256(),
              orders.lastModified(),
              orders.permissions()));
    }
    Manifest hostile =
        new Manifest(
            manifest.schemaVersion(),
            manifest.snapshotSetId(),
            manifest.provider(),
            manifest.outcome(),
            manifest.timings(),
            List.of(new WriterEntry(claimed, writer.selectedComponents())),
            files);
    Files.write(archive.resolve(Manifest.FILE_NAME), hostile.toJson());
    assertEquals(hostile, ArchiveVerifier.verify(archive), "the archive itself is whole");

    InvalidArchiveException e =
        assertRefusedAfterIdentify(
            "its original path "
                + elsewhere.resolve("victim.txt")
                + " is not in the files"
                + " writer 'db' declares now for component 'data'",
            elsewhere.resolve("planted.txt") + " is not in the files");
    assertEquals(2, e.problems().size(), e.getMessage());
    assertEquals("not the bank's", Files.readString(elsewhere.resolve("victim.txt")));
    assertFalse(Files.exists(elsewhere.resolve("planted.txt")));
    assertEquals("newer than the backup", Files.readString(live.resolve("orders.db")));
  }

  /** One entry's target is the parent directory of another's: no restore could write both. */
  @Test
  void anEntryWhoseTargetIsTheParentOfAnothersIsRefusedBeforeAnythingIsWritten()
      throws IOException {
    FileEntry index =
        manifest.files().stream()
            .filter(f -> f.originalPath().equals(live.resolve("sub/index.idx")))
            .findFirst()
            .orElseThrow();
    String archivePath = "data/planted/sub";
    Files.createDirectories(archive.resolve(archivePath).getParent());
    Files.copy(archive.resolve(orders.archivePath()), archive.resolve(archivePath));
    List<FileEntry> files = new ArrayList<>(manifest.files());
    // Last, so that a restore going in order would have written every other file first.
    files.add(
        new FileEntry(
            orders.writerId(),
            orders.instanceName(),
            orders.component(),
            live.resolve("sub"),
            archivePath,
            orders.size(),
            orders.sha256(),
            orders.lastModified(),
            orders.permissions()));
    Files.write(
        archive.resolve(Manifest.FILE_NAME),
        new Manifest(
                manifest.schemaVersion(),
                manifest.snapshotSetId(),
                manifest.provider(),
                manifest.outcome(),
                manifest.timings(),
                manifest.writers(),
                files)
            .toJson());
    assertRefusedBothWays(
        "entry '"
            + archivePath
            + "' is the file "
            + live.resolve("sub")
            + ", which entry '"
            + index.archivePath()
            + "' has as a directory");
  }

  @Test
  void aWriterThatIsNotRunningHasNothingRestoredToOriginalPaths() throws IOException {
    Files.delete(live.resolve("orders.log"));
    try (BackupRig empty =
        BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow"))).build()) {
      Map<String, String> everything = TreeState.of(tmp);
      InvalidArchiveException e =
          assertThrows(
              InvalidArchiveException.class,
              () -> empty.app.restore(archive, Optional.empty(), ProgressListener.none()));
      assertTrue(e.getMessage().contains("writer 'db' is not running"), e.getMessage());
      assertTrue(e.getMessage().contains("--to DIR"), e.getMessage());
      assertEquals(everything, TreeState.of(tmp), "nothing was written, anywhere");
    }
    assertEquals(eventsOfTheBackup, rig.allEvents());
  }

  /** The writer's files to original paths are the writer's now, and it takes part: restored. */
  @Test
  void aRunningWriterThatTakesPartHasItsFilesRestoredInPlace() throws IOException {
    Files.delete(live.resolve("orders.log"));
    RestoreResult result = rig.app.restore(archive, Optional.empty(), ProgressListener.none());
    assertArrayEquals(
        Files.readAllBytes(archive.resolve(orders.archivePath())),
        Files.readAllBytes(live.resolve("orders.db")));
    assertTrue(Files.exists(live.resolve("orders.log")));
    assertEquals(manifest.files().size(), result.restored().size());
    try (Stream<Path> all = Files.walk(live)) {
      assertEquals(
          List.of(),
          all.filter(p -> p.getFileName().toString().contains(".quiesce-restore-")).toList(),
          "no temporary file is left");
    }
  }
}
