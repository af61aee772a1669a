package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest is read within bounds: one larger than the byte limit is refused before it is read,
 * one listing more entries than the entry limit before any entry is built, each naming the limit
 * and how to raise it; and the command line, on a small heap, says so rather than dying of an
 * {@link OutOfMemoryError}.
 */
class BoundedManifestTest {
  @TempDir Path tmp;
  private Fixture fixture;
  private Path archive;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new Fixture(tmp.resolve("data")).make();
    archive = tmp.resolve("backup");
    fixture.archive(archive);
  }

  @Test
  void aManifestOverTheByteLimitIsRefusedBeforeItIsRead() throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(manifest().toFile(), "rw")) {
      file.setLength(ManifestLimits.DEFAULT_MAX_BYTES + 1); // sparse: made at once
    }
    InvalidArchiveException e =
        assertThrows(InvalidArchiveException.class, () -> ArchiveVerifier.verify(archive));
    assertTrue(
        e.getMessage().contains("67,108,865 bytes, more than the 67,108,864 bytes"),
        e.getMessage());
    assertTrue(e.getMessage().contains("-Dquiesce.manifest.maxBytes=N"), e.getMessage());
  }

  @Test
  void aManifestOverTheEntryLimitIsRefusedNamingTheLimit() throws IOException {
    // Small (750 KB) but for the entries it lists: the entries are counted before any is read.
    try (BufferedWriter w = Files.newBufferedWriter(manifest())) {
      w.write("{\"schemaVersion\": 1, \"files\": [{}");
      for (int i = 0; i < ManifestLimits.DEFAULT_MAX_ENTRIES; i++) {
        w.write(",{}");
      }
      w.write("]}");
    }
    InvalidArchiveException e =
        assertThrows(InvalidArchiveException.class, () -> ArchiveReader.readManifest(archive));
    assertTrue(e.getMessage().contains("more than 250000 file entries"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dquiesce.manifest.maxEntries=N"), e.getMessage());
  }

  @Test
  void limitsCanBeRaisedOrLowered() throws IOException {
    int entries = ArchiveReader.readManifest(archive).files().size();
    assertEquals(
        entries,
        ArchiveReader.readManifest(archive, new ManifestLimits(1 << 20, entries)).files().size());
    InvalidArchiveException fewer =
        assertThrows(
            InvalidArchiveException.class,
            () -> ArchiveReader.readManifest(archive, new ManifestLimits(1 << 20, entries - 1)));
    assertTrue(
        fewer.getMessage().contains("more than " + (entries - 1) + " file entries"),
        fewer.getMessage());
    long size = Files.size(manifest());
    InvalidArchiveException smaller =
        assertThrows(
            InvalidArchiveException.class,
            () ->
                ArchiveVerifier.verify(
                    archive, ProgressListener.none(), new ManifestLimits(size - 1, entries)));
    assertTrue(smaller.getMessage().contains("bytes this Quiesce reads"), smaller.getMessage());
  }

  @Test
  void duplicateKeysAndTrailingContentAreStillRefused() throws IOException {
    String json = Files.readString(manifest());
    Files.writeString(manifest(), json.replaceFirst("\\{", "{\"provider\": \"x\","));
    InvalidArchiveException dup =
        assertThrows(InvalidArchiveException.class, () -> ArchiveReader.readManifest(archive));
    assertTrue(dup.getMessage().contains("Duplicate field 'provider'"), dup.getMessage());
    Files.writeString(manifest(), json + "{}");
    InvalidArchiveException trailing =
        assertThrows(InvalidArchiveException.class, () -> ArchiveReader.readManifest(archive));
    assertTrue(trailing.getMessage().contains("not valid JSON"), trailing.getMessage());
  }

  private Path manifest() {
    return archive.resolve(Manifest.FILE_NAME);
  }
}
