package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
    assertTrue(e.getMessage().contains("67,108,865 bytes, more than the 67,108,864 bytes"), e.getMessage());
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
    assertEquals(entries, ArchiveReader.readManifest(archive, new ManifestLimits(1 << 20, entries)).files().size());
    InvalidArchiveException fewer =
        assertThrows(
            InvalidArchiveException.class,
            () -> ArchiveReader.readManifest(archive, new ManifestLimits(1 << 20, entries - 1)));
    assertTrue(fewer.getMessage().contains("more than " + (entries - 1) + " file entries"), fewer.getMessage());
    long size = Files.size(manifest());
    InvalidArchiveException smaller =
        assertThrows(
            InvalidArchiveException.class,
            () -> ArchiveVerifier.verify(archive, ProgressListener.none(), new ManifestLimits(size - 1, entries)));
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

  /**
   * The command line verifying a manifest of realistic entries (80 MiB, 200,000 entries) on a 48 MiB
   * heap: refused with the limit, in one line, not killed by an {@link OutOfMemoryError}.
   */
  @Test
  void theCommandLineOnASmallHeapRefusesAHugeManifestInsteadOfRunningOutOfMemory()
      throws Exception {
    String json = Files.readString(manifest());
    int files = json.indexOf("\"files\" : [");
    int start = json.indexOf('{', files);
    String entry = json.substring(start, json.indexOf('}', start) + 1);
    try (BufferedWriter w = Files.newBufferedWriter(manifest(), StandardCharsets.UTF_8)) {
      w.write(json, 0, start);
      for (int i = 0; i < 200_000; i++) {
        w.write(i == 0 ? "" : ", ");
        w.write(entry.replace("\"archivePath\" : \"data/", "\"archivePath\" : \"data/" + i + "/"));
      }
      w.write("]\n}\n");
    }
    assertTrue(Files.size(manifest()) > ManifestLimits.DEFAULT_MAX_BYTES, "a manifest over the limit");
    Path log = tmp.resolve("cli.log");
    Process cli =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.quiesce.runtime.cli.QuiesceCli",
                "verify",
                "--archive",
                archive.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "the command line finished");
    String output = Files.readString(log);
    assertEquals(1, cli.exitValue(), output);
    assertFalse(output.contains("OutOfMemoryError"), output);
    assertTrue(output.contains("bytes this Quiesce reads; refused before reading it"), output);
  }

  private Path manifest() {
    return archive.resolve(Manifest.FILE_NAME);
  }
}
