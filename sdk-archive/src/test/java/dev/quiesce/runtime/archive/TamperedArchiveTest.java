package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.api.metadata.WriterMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged archive fails verification, naming the file, and a restore from it writes nothing. */
class TamperedArchiveTest {
  @TempDir Path tmp;
  private Fixture fixture;
  private Path archive;
  private Path target;
  private Manifest manifest;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new Fixture(tmp.resolve("data")).make();
    archive = tmp.resolve("backup");
    target = tmp.resolve("restore-target");
    manifest = fixture.archive(archive);
  }

  private Path archived(String name) {
    FileEntry entry =
        manifest.files().stream()
            .filter(f -> f.originalPath().endsWith(name))
            .findFirst()
            .orElseThrow();
    return archive.resolve(entry.archivePath());
  }

  private String relative(Path file) {
    return ArchiveVerifier.relative(archive, file);
  }

  @Test
  void oneChangedByteIsCaught() throws IOException {
    Path big = archived("big.page");
    byte[] bytes = Files.readAllBytes(big);
    bytes[1_000_000] ^= 1;
    Files.write(big, bytes);
    assertRefused(
        relative(big) + " has SHA-256 ",
        "but the manifest says " + manifestEntry(big).sha256() + ": the file is corrupt");
  }

  @Test
  void aTruncatedFileIsCaught() throws IOException {
    Path orders = archived("orders.db");
    Files.writeString(orders, "orders");
    assertRefused(relative(orders) + " has 6 bytes but the manifest says 16");
  }

  @Test
  void aMissingFileIsCaught() throws IOException {
    Path log = archived("0001.log");
    Files.delete(log);
    assertRefused(
        relative(log)
            + " is missing (the backup of "
            + fixture.data.resolve("logs/0001.log")
            + ")");
  }

  @Test
  void anExtraFileIsCaught() throws IOException {
    Path extra = archived("orders.db").resolveSibling("smuggled.db");
    Files.writeString(extra, "not in the manifest");
    assertRefused(relative(extra) + " is an extra file, not in the manifest");
  }

  @Test
  void anExtraEntryBesideTheManifestIsCaught() throws IOException {
    Files.writeString(archive.resolve("README"), "hi");
    assertRefused("unexpected entry 'README' beside the manifest");
  }

  @Test
  void everyProblemIsListedAtOnce() throws IOException {
    Files.delete(archived("0001.log"));
    Files.writeString(archived("orders.db"), "orders");
    InvalidArchiveException e =
        assertThrows(InvalidArchiveException.class, () -> ArchiveVerifier.verify(archive));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("is not valid (2 problems):"), e.getMessage());
  }

  private FileEntry manifestEntry(Path file) {
    String name = relative(file);
    return manifest.files().stream()
        .filter(f -> f.archivePath().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Verification fails with {@code messages}, and neither restore writes anything. */
  private void assertRefused(String... messages) throws IOException {
    InvalidArchiveException verify =
        assertThrows(InvalidArchiveException.class, () -> ArchiveVerifier.verify(archive));
    InvalidArchiveException restore =
        assertThrows(
            InvalidArchiveException.class, () -> new Restorer().restoreTo(archive, target));
    for (String message : messages) {
      assertTrue(verify.getMessage().contains(message), verify.getMessage());
      assertTrue(restore.getMessage().contains(message), restore.getMessage());
    }
    assertEquals(List.of(), Fixture.tree(target), "restore wrote something");

    Files.delete(fixture.data.resolve("logs/0001.log"));
    Map<String, String> originals = Fixture.contents(fixture.data);
    List<WriterMetadata> live = List.of(fixture.metadata(RestoreMethod.RESTORE_IF_CAN_REPLACE));
    assertThrows(
        InvalidArchiveException.class, () -> new Restorer().restoreToOriginal(archive, live));
    assertEquals(originals, Fixture.contents(fixture.data), "restore to original wrote something");
  }
}
