package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.runtime.testing.SmallTmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write of the archive is complete or fails: short writes are continued, a file system that
 * takes no more bytes (or says it is full) fails the backup with a message naming the file and what
 * to do, and leaves nothing that could pass for an archive.
 */
class ArchiveDurabilityTest {
  @TempDir Path tmp;
  private Fixture fixture;
  private Path archive;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new Fixture(tmp.resolve("data")).make();
    archive = tmp.resolve("backup");
  }

  private Manifest write(DurableWrites.Creator creator) throws IOException {
    return new ArchiveWriter(ProgressListener.none(), creator)
        .write(archive, fixture.request(p -> p, RestoreMethod.RESTORE_IF_CAN_REPLACE), p -> p);
  }

  @Test
  void shortWritesAreContinuedSoTheArchiveIsWhole() throws IOException {
    List<Path> created = new ArrayList<>();
    Manifest manifest =
        write(
            file -> {
              created.add(file);
              return new LimitedChannel(Permissions.createPrivate(file), 100, Long.MAX_VALUE);
            });

    assertTrue(
        created.contains(archive.resolve(Manifest.FILE_NAME + ".tmp")),
        "the manifest went through the short-writing channel too");
    assertEquals(manifest, ArchiveVerifier.verify(archive), "every file and the manifest whole");
    assertFalse(Files.exists(archive.resolve(Manifest.FILE_NAME + ".tmp")));
  }

  @Test
  void aManifestTheFileSystemTakesOnlyPartOfFailsAndLeavesNoArchive() throws IOException {
    Path temp = archive.resolve(Manifest.FILE_NAME + ".tmp");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                write(
                    file ->
                        file.equals(temp)
                            // 512 bytes of the manifest fit, then the device takes nothing more.
                            ? new LimitedChannel(Permissions.createPrivate(file), 100, 512)
                            : Permissions.createPrivate(file)));

    assertTrue(
        e.getMessage().startsWith("cannot write the manifest (" + temp + ")"), e.getMessage());
    assertTrue(e.getMessage().contains("is full"), e.getMessage());
    assertTrue(e.getMessage().contains("free that much there"), e.getMessage());
    assertNoArchive();
  }

  @Test
  void aDataFileTheFileSystemTakesOnlyPartOfFailsNamingIt() throws IOException {
    Path big = fixture.data.resolve("db/pages/big.page");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                write(
                    file ->
                        file.getFileName().toString().equals("big.page")
                            ? new LimitedChannel(Permissions.createPrivate(file), 65536, 1 << 20)
                            : Permissions.createPrivate(file)));

    assertTrue(e.getMessage().startsWith("cannot write the copy of " + big), e.getMessage());
    assertTrue(e.getMessage().contains("is full"), e.getMessage());
    assertNoArchive();
  }

  @Test
  void aDataFileWhoseSyncFailsFailsTheArchiveNamingItThoughItIsSyncedBehindTheNextCopy()
      throws IOException {
    Path orders = fixture.data.resolve("db/orders.db");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                write(
                    file ->
                        file.getFileName().toString().equals("orders.db")
                            ? new LimitedChannel(
                                    Permissions.createPrivate(file), 65536, Long.MAX_VALUE)
                                .failingSync("No space left on device (test)")
                            : Permissions.createPrivate(file)));

    assertTrue(e.getMessage().startsWith("cannot write the copy of " + orders), e.getMessage());
    assertTrue(e.getMessage().contains("is full"), e.getMessage());
    assertNoArchive();
  }

  @Test
  void aFullTmpfsFailsTheDataCopyNamingTheFileAndLeavesNoArchive() throws Exception {
    try (SmallTmpfs small = SmallTmpfs.mount(tmp.resolve("small"), "1m")) {
      archive = small.dir().resolve("backup");
      Path big = fixture.data.resolve("db/pages/big.page"); // 3 MiB: cannot fit

      IOException e = assertThrows(IOException.class, () -> write(Permissions::createPrivate));

      assertTrue(e.getMessage().startsWith("cannot write the copy of " + big), e.getMessage());
      assertTrue(
          e.getMessage()
              .contains("the file system of the archive directory " + archive + " is full"),
          e.getMessage());
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertNoArchive();
    }
  }

  @Test
  void aTmpfsFullWhenTheManifestIsWrittenFailsAndLeavesNoArchive() throws Exception {
    try (SmallTmpfs small = SmallTmpfs.mount(tmp.resolve("small"), "8m")) {
      archive = small.dir().resolve("backup");
      Path temp = archive.resolve(Manifest.FILE_NAME + ".tmp");
      // The data fits; the disk fills up (another process) just before the manifest is written.
      DurableWrites.Creator fillBeforeManifest =
          file -> {
            if (file.equals(temp)) {
              small.fill();
            }
            return Permissions.createPrivate(file);
          };

      IOException e = assertThrows(IOException.class, () -> write(fillBeforeManifest));

      assertTrue(
          e.getMessage().startsWith("cannot write the manifest (" + temp + ")"), e.getMessage());
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertNoArchive();
    }
  }

  /** Nothing is left, and what a crash might have left would be refused by verify anyway. */
  private void assertNoArchive() throws IOException {
    assertFalse(Files.exists(archive.resolve(Manifest.FILE_NAME)), "no manifest.json");
    assertEquals(List.of(), Fixture.tree(archive), "the partial archive is deleted");
    InvalidArchiveException refused =
        assertThrows(InvalidArchiveException.class, () -> ArchiveVerifier.verify(archive));
    assertTrue(refused.getMessage().contains("manifest.json"), refused.getMessage());
  }
}
