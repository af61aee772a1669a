package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.testing.SmallTmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * To original paths, a restore writes its files before PreRestore, and a writer may move its data
 * directory aside in PreRestore: the files wait in a private staging directory beside the file
 * sets, never inside them, and are put in place whatever the writer moved.
 */
class StagedBesideFileSetsTest {
  @TempDir Path tmp;
  private Fixture fixture;
  private Path archive;
  private Manifest manifest;
  private WriterMetadata live;
  private final Map<Path, byte[]> backedUp = new HashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    fixture = new Fixture(tmp.resolve("data")).make();
    archive = tmp.resolve("backup");
    manifest = fixture.archive(archive);
    live = fixture.metadata(RestoreMethod.RESTORE_IF_CAN_REPLACE);
    for (FileEntry f : manifest.files()) {
      backedUp.put(f.originalPath(), Files.readAllBytes(f.originalPath()));
      Files.writeString(f.originalPath(), "newer than the backup");
    }
  }

  private CheckedRestore checked(Restorer restorer) throws IOException {
    return restorer.check(restorer.inspect(archive), RestoreTarget.originalPaths(List.of(live)));
  }

  private List<Path> stagingDirectories() throws IOException {
    try (Stream<Path> in = Files.list(fixture.data)) {
      return in.filter(p -> p.getFileName().toString().startsWith(StagingPlaces.STAGING_PREFIX))
          .toList();
    }
  }

  /** The contents of the writer's two file sets. */
  private List<Map<String, String>> fileSets() throws IOException {
    return List.of(
        Fixture.contents(fixture.data.resolve("db")),
        Fixture.contents(fixture.data.resolve("logs")));
  }

  @Test
  void theFilesWaitInAPrivateDirectoryBesideTheFileSetsAndGoInPlaceAfterTheDataWasMovedAside()
      throws IOException {
    List<Map<String, String>> live = fileSets();
    Restorer restorer = new Restorer();
    CheckedRestore checked = checked(restorer);
    try (StagedRestore staged = restorer.stage(checked)) {
      assertEquals(live, fileSets(), "the file sets are as they were, no file staged in them");
      List<Path> staging = stagingDirectories();
      assertEquals(1, staging.size(), "one staging directory beside both file sets: " + staging);
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(staging.get(0))),
          "other users cannot read the restored files while they wait");
      try (Stream<Path> waiting = Files.list(staging.get(0))) {
        assertEquals(manifest.files().size(), waiting.count());
      }

      // The writer's PreRestore sets its database aside, as the bank and PostgreSQL writers do.
      Path db = fixture.data.resolve("db");
      Path aside = fixture.data.resolve("db.before-restore");
      Files.move(db, aside);
      Map<String, String> setAside = Fixture.contents(aside);

      RestoreResult result = staged.putInPlace();

      assertEquals(manifest.files().size(), result.restored().size());
      assertEquals(setAside, Fixture.contents(aside), "nothing staged went aside with the data");
    }
    for (FileEntry f : manifest.files()) {
      assertArrayEquals(backedUp.get(f.originalPath()), Files.readAllBytes(f.originalPath()));
    }
    assertEquals(List.of(), stagingDirectories(), "the staging directory is removed");
  }

  @Test
  void anAbandonedStageRemovesItsStagingDirectoryAndChangesNothing() throws IOException {
    Map<String, String> before = Fixture.contents(fixture.data);
    Restorer restorer = new Restorer();
    try (StagedRestore staged = restorer.stage(checked(restorer))) {
      assertFalse(stagingDirectories().isEmpty());
    }
    assertEquals(List.of(), stagingDirectories());
    assertEquals(before, Fixture.contents(fixture.data));
  }

  @Test
  void aDamagedFileIsFoundWhileStagingAndLeavesNothingBehind() throws IOException {
    FileEntry last = manifest.files().get(manifest.files().size() - 1);
    Path file = archive.resolve(last.archivePath());
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] ^= 1;
    Files.write(file, bytes);
    Map<String, String> before = Fixture.contents(fixture.data);
    Restorer restorer = new Restorer();
    CheckedRestore checked = checked(restorer);

    InvalidArchiveException e =
        assertThrows(InvalidArchiveException.class, () -> restorer.stage(checked));

    assertTrue(e.getMessage().contains(last.archivePath() + " has SHA-256 "), e.getMessage());
    assertEquals(List.of(), stagingDirectories());
    assertEquals(before, Fixture.contents(fixture.data));
  }

  /**
   * A file set that is a filesystem of its own (a mount point) cannot have its files renamed in
   * from its parent's filesystem: the stage says so before reading anything, and the chain restore
   * falls back to verifying first and writing after PreRestore.
   */
  @Test
  void aFileSetOnAFilesystemOfItsOwnIsNotStagedBesideIt() throws Exception {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "mounts a tmpfs");
    // An empty filesystem over the database's directory: the restore fills it.
    try (SmallTmpfs mounted = SmallTmpfs.mount(fixture.data.resolve("db"), "16m")) {
      Restorer restorer = new Restorer();
      CheckedRestore checked = checked(restorer);

      assertThrows(StagingUnavailableException.class, () -> restorer.stage(checked));
      assertEquals(List.of(), stagingDirectories(), "nothing was left");

      ChainRestore chains = new ChainRestore(ProgressListener.none());
      ChainRestore.Checked chain =
          chains.check(ArchiveChain.inspect(archive), RestoreTarget.originalPaths(List.of(live)));
      try (ChainRestore.Prepared prepared = chains.prepare(chain)) {
        assertFalse(prepared.written(), "verified now, written after PreRestore");
        assertEquals(List.of(), stagingDirectories());
        prepared.putInPlace();
      }
      for (FileEntry f : manifest.files()) {
        assertArrayEquals(backedUp.get(f.originalPath()), Files.readAllBytes(f.originalPath()));
      }
    }
  }

  /**
   * A PreRestore that puts another filesystem where the files go (it mounts one over its data
   * directory, say): the staged files cannot be renamed there, so each is copied beside its target,
   * synced, and renamed, and the staging directory is still removed.
   */
  @Test
  void aTargetThatMovedToAnotherFilesystemInPreRestoreIsCopiedThere() throws Exception {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "mounts a tmpfs");
    Restorer restorer = new Restorer();
    try (StagedRestore staged = restorer.stage(checked(restorer))) {
      Path db = fixture.data.resolve("db");
      Files.move(db, fixture.data.resolve("db.before-restore"));
      try (SmallTmpfs mounted = SmallTmpfs.mount(db, "16m")) {
        RestoreResult result = staged.putInPlace();

        assertEquals(manifest.files().size(), result.restored().size());
        for (FileEntry f : manifest.files()) {
          assertArrayEquals(backedUp.get(f.originalPath()), Files.readAllBytes(f.originalPath()));
        }
        assertEquals(List.of(), stagingDirectories(), "the staging directory is removed");
      }
    }
  }
}
