package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiesce.api.BackupType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive written before schema version 2 (no backup components, writers without schema,
 * dependencies or mappings) still verifies and restores, as a full backup without component data;
 * strictness is kept for everything else.
 */
class ManifestVersionOneTest {
  @TempDir Path tmp;
  private Fixture fixture;
  private Path archive;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new Fixture(tmp.resolve("data")).make();
    archive = tmp.resolve("backup");
    fixture.archive(archive);
    rewriteAsVersionOne(archive.resolve(Manifest.FILE_NAME));
  }

  /** The manifest as a version 1 writer wrote it: without what version 2 added. */
  private static void rewriteAsVersionOne(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(file.toFile());
    manifest.put("schemaVersion", 1);
    manifest.remove("backupComponents");
    manifest
        .withArray("writers")
        .forEach(
            w -> {
              ObjectNode metadata = (ObjectNode) w.get("metadata");
              metadata.remove(List.of("backupSchema", "dependencies", "alternateLocationMappings"));
            });
    Files.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
  }

  @Test
  void aVersionOneArchiveVerifiesAndRestoresAsAFullBackup() throws IOException {
    String text = Files.readString(archive.resolve(Manifest.FILE_NAME));
    assertTrue(text.contains("\"schemaVersion\" : 1") && !text.contains("backupComponents"), text);

    Manifest m = ArchiveVerifier.verify(archive);
    assertEquals(BackupType.FULL, m.backupComponents().backupType());
    assertEquals(List.of(), m.backupComponents().chain());
    assertEquals(Set.of(), m.writers().get(0).metadata().backupSchema());
    ArchiveChain chain = ArchiveChain.verify(archive, ProgressListener.none());
    assertEquals(1, chain.links().size());

    Path target = tmp.resolve("restored");
    new Restorer().restoreTo(archive, target);
    for (FileEntry f : m.files()) {
      Path restored = target.resolve(f.originalPath().getRoot().relativize(f.originalPath()));
      assertEquals(f.size(), Files.size(restored), restored.toString());
    }
  }

  @Test
  void aVersionOneManifestWithAnUnknownFieldIsStillRefused() throws IOException {
    Path file = archive.resolve(Manifest.FILE_NAME);
    Files.writeString(
        file,
        Files.readString(file)
            .replace("\"provider\" : \"copy\"", "\"provider\" : \"copy\", \"chain\" : [ ]"));
    InvalidArchiveException e =
        assertThrows(InvalidArchiveException.class, () -> ArchiveVerifier.verify(archive));
    assertTrue(e.getMessage().contains("Unrecognized field \"chain\""), e.getMessage());
  }
}
