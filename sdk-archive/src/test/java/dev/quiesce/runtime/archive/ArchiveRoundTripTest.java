package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRoundTripTest {
  @TempDir Path tmp;
  private Fixture fixture;
  private Path archive;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new Fixture(tmp.resolve("data")).make();
    archive = tmp.resolve("backup");
  }

  @Test
  void writesFromASnapshotVerifiesAndRestoresByteIdentical() throws IOException {
    Map<String, String> before = Fixture.contents(fixture.data);
    Manifest manifest;
    try (Snapshot snapshot =
        new CopySnapshotProvider(tmp.resolve("shadow"))
            .take(Fixture.SET_ID, List.of(fixture.data))) {
      // Writers thawed: live data changes, the snapshot does not.
      Files.writeString(
          fixture.data.resolve("db/orders.db"), "orders table v2, after the freeze\n");
      manifest =
          new ArchiveWriter()
              .write(
                  archive,
                  fixture.request(snapshot::pathOf, RestoreMethod.RESTORE_IF_CAN_REPLACE),
                  snapshot);
    }
    assertEquals(
        Set.of(
            "data/orders-db/orders" + fixture.data.resolve("db/empty"),
            "data/orders-db/orders" + fixture.data.resolve("db/orders.db"),
            "data/orders-db/orders" + fixture.data.resolve("db/pages/big.page"),
            "data/orders-db/orders" + fixture.data.resolve("db/pages/odd %5C name 100%25.page"),
            "data/orders-db/logs" + fixture.data.resolve("logs/0001.log")),
        manifest.files().stream().map(FileEntry::archivePath).collect(Collectors.toSet()));
    FileEntry orders =
        manifest.files().stream()
            .filter(f -> f.originalPath().endsWith("orders.db"))
            .findFirst()
            .orElseThrow();
    assertEquals(16, orders.size());
    assertEquals(
        HexFormat.of()
            .formatHex(
                Hashing.sha256().digest("orders table v1\n".getBytes(StandardCharsets.UTF_8))),
        orders.sha256());
    assertEquals(manifest, ArchiveVerifier.verify(archive));
    assertEquals(manifest, ArchiveReader.readManifest(archive));

    Path elsewhere = tmp.resolve("restored");
    RestoreResult result = new Restorer().restoreTo(archive, elsewhere);
    assertEquals(5, result.restored().size());
    Path rerooted = elsewhere.resolve(fixture.data.toString().substring(1));
    Map<String, String> restored = Fixture.contents(rerooted);
    Map<String, String> expected = new TreeMap<>(before);
    expected.remove("db/scratch.tmp");
    expected.remove("logs/notes.txt");
    assertEquals(expected, restored);
    assertEquals(
        Files.getLastModifiedTime(fixture.data.resolve("db/pages/big.page")),
        Files.getLastModifiedTime(rerooted.resolve("db/pages/big.page")));

    Files.delete(fixture.data.resolve("logs/0001.log"));
    Files.delete(fixture.data.resolve("db/pages/big.page"));
    RestoreResult toOriginal =
        new Restorer()
            .restoreToOriginal(
                archive, List.of(fixture.metadata(RestoreMethod.RESTORE_IF_CAN_REPLACE)));
    assertEquals(5, toOriginal.restored().size());
    assertEquals(
        before, Fixture.contents(fixture.data), "originals back as they were at the snapshot");
  }

  @Test
  void manifestJsonRoundTripsAndReadsAsDocumented() throws IOException {
    Manifest manifest = fixture.archive(archive);
    String json = Files.readString(archive.resolve("manifest.json"));
    assertEquals(manifest, Manifest.fromJson(json.getBytes(StandardCharsets.UTF_8)));
    for (String field :
        List.of(
            "\"schemaVersion\" : 2",
            "\"backupType\" : \"FULL\"",
            "\"snapshotSetId\" : \"" + Fixture.SET_ID + "\"",
            "\"provider\" : \"copy\"",
            "\"status\" : \"CRASH_CONSISTENT\"",
            "\"reason\" : \"writer slow-db did not freeze within 60 s\"",
            "\"startedAt\" : \"2026-11-24T23:00:00Z\"",
            "\"freezeWindow\" : \"PT0.18S\"",
            "\"writerName\" : \"orders-db\"",
            "\"restoreMethod\" : \"RESTORE_IF_CAN_REPLACE\"",
            "\"selectedComponents\" : [ \"orders\", \"logs\" ]",
            "\"root\" : \"" + fixture.data.resolve("db") + "\"",
            "\"originalPath\" : \"" + fixture.data.resolve("db/orders.db") + "\"")) {
      assertTrue(json.contains(field), field + " not in\n" + json);
    }
  }

  @Test
  void keepsPermissionsAndKeepsTheArchivePrivate() throws IOException {
    Path orders = fixture.data.resolve("db/orders.db");
    Path log = fixture.data.resolve("logs/0001.log");
    Files.setPosixFilePermissions(orders, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rwxr-x---"));
    Manifest manifest = fixture.archive(archive);
    for (FileEntry entry : manifest.files()) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(archive.resolve(entry.archivePath()))),
          "archived copies are owner-only: " + entry.archivePath());
    }
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(archive.resolve("manifest.json"))));
    Path elsewhere = tmp.resolve("restored");
    new Restorer().restoreTo(archive, elsewhere);
    Path rerooted = elsewhere.resolve(fixture.data.toString().substring(1));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(rerooted.resolve("db/orders.db"))));
    assertEquals(
        "rwxr-x---",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(rerooted.resolve("logs/0001.log"))));
  }

  @Test
  void anArchiveWithoutItsManifestIsNotABackup() throws IOException {
    fixture.archive(archive);
    Files.delete(archive.resolve("manifest.json"));
    InvalidArchiveException e =
        assertThrows(InvalidArchiveException.class, () -> ArchiveVerifier.verify(archive));
    assertTrue(
        e.getMessage().contains("has no manifest.json: it is not a complete backup"),
        e.getMessage());
  }

  @Test
  void aFailedWriteLeavesNoArchive() throws IOException {
    ArchiveRequest request = fixture.request(p -> p, RestoreMethod.RESTORE_IF_CAN_REPLACE);
    Files.delete(fixture.data.resolve("logs/0001.log"));
    IOException e =
        assertThrows(IOException.class, () -> new ArchiveWriter().write(archive, request, p -> p));
    assertTrue(
        e.getMessage()
            .startsWith(fixture.data.resolve("logs/0001.log") + " vanished from the snapshot"),
        e.getMessage());
    assertTrue(e.getMessage().contains("the snapshot is not stable"), e.getMessage());
    assertFalse(Files.exists(archive), "no half-written archive left");
  }

  @Test
  void refusesANonEmptyArchiveDirectory() throws IOException {
    Files.createDirectories(archive);
    Files.writeString(archive.resolve("something"), "x");
    IOException e = assertThrows(IOException.class, () -> fixture.archive(archive));
    assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
    assertEquals(List.of(archive, archive.resolve("something")), Fixture.tree(archive));
  }

  @Test
  void refusesAFileOutsideItsComponent() throws IOException {
    ArchiveRequest request =
        new ArchiveRequest(
            Fixture.SET_ID,
            "copy",
            QuiesceOutcome.quiesced(),
            Instant.EPOCH,
            Duration.ZERO,
            List.of(
                new WriterFiles(
                    fixture.metadata(RestoreMethod.RESTORE_IF_CAN_REPLACE),
                    List.of(
                        new ComponentFiles(
                            "logs", List.of(fixture.data.resolve("db/orders.db")))))));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ArchiveWriter().write(archive, request, p -> p));
    assertTrue(
        e.getMessage().contains("is not in the file sets of component logs"), e.getMessage());
    assertFalse(Files.exists(archive));
  }

  @Test
  void linksAreLeftOutByTheScanAndRefusedWhenListed() throws IOException {
    Path link = Files.createSymbolicLink(fixture.data.resolve("db/link.db"), Path.of("orders.db"));
    ComponentFiles scanned =
        ComponentFiles.scan(
            fixture.metadata(RestoreMethod.RESTORE_IF_CAN_REPLACE), "orders", p -> p);
    assertFalse(scanned.files().contains(link), scanned.files().toString());
    assertTrue(scanned.files().contains(fixture.data.resolve("db/orders.db")));

    ArchiveRequest request =
        new ArchiveRequest(
            Fixture.SET_ID,
            "copy",
            QuiesceOutcome.quiesced(),
            Instant.EPOCH,
            Duration.ZERO,
            List.of(
                new WriterFiles(
                    fixture.metadata(RestoreMethod.RESTORE_IF_CAN_REPLACE),
                    List.of(new ComponentFiles("orders", List.of(link))))));
    IOException e =
        assertThrows(IOException.class, () -> new ArchiveWriter().write(archive, request, p -> p));
    assertTrue(
        e.getMessage().contains(link + " is a symbolic link in the snapshot"), e.getMessage());
    assertFalse(Files.exists(archive));
  }

  @Test
  void restoreIfNotThereLeavesExistingFilesAlone() throws IOException {
    fixture.archive(archive, ProgressListener.none(), RestoreMethod.RESTORE_IF_NOT_THERE);
    Path orders = fixture.data.resolve("db/orders.db");
    Files.writeString(orders, "newer orders");
    Files.delete(fixture.data.resolve("logs/0001.log"));
    RestoreResult result =
        new Restorer()
            .restoreToOriginal(
                archive, List.of(fixture.metadata(RestoreMethod.RESTORE_IF_NOT_THERE)));
    assertEquals("newer orders", Files.readString(orders));
    assertEquals("log one\n", Files.readString(fixture.data.resolve("logs/0001.log")));
    assertEquals(List.of(fixture.data.resolve("logs/0001.log")), result.restored());
    assertEquals(4, result.skipped().size());
  }
}
