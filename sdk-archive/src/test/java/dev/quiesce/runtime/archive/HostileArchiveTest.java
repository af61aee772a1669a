package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.api.metadata.WriterMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests and archives built to write outside their target are refused, writing nothing. */
class HostileArchiveTest {
  @TempDir Path tmp;
  private Fixture fixture;
  private Path archive;
  private Path target;
  private Manifest manifest;
  private String ordersArchivePath;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new Fixture(tmp.resolve("data")).make();
    archive = tmp.resolve("deep/backup");
    target = tmp.resolve("restore-target");
    manifest = fixture.archive(archive);
    ordersArchivePath =
        manifest.files().stream()
            .filter(f -> f.originalPath().endsWith("orders.db"))
            .findFirst()
            .orElseThrow()
            .archivePath();
  }

  private void editManifest(String from, String to) throws IOException {
    Path file = archive.resolve("manifest.json");
    String json = Files.readString(file);
    assertTrue(json.contains(from), from + " not in the manifest");
    Files.writeString(file, json.replace(from, to));
  }

  @Test
  void dotDotArchivePathIsRefused() throws IOException {
    // Put a matching file where the hostile path points, so only the path rule can stop it.
    Path outside = archive.resolve("../../etc/x").normalize();
    Files.createDirectories(outside.getParent());
    Files.write(outside, Files.readAllBytes(archive.resolve(ordersArchivePath)));
    editManifest("\"" + ordersArchivePath + "\"", "\"../../etc/x\"");
    assertRefused("archive path '../../etc/x' has a '..' segment");
  }

  @Test
  void absoluteArchivePathIsRefused() throws IOException {
    editManifest("\"" + ordersArchivePath + "\"", "\"/etc/x\"");
    assertRefused("archive path '/etc/x' is absolute: refused");
  }

  @Test
  void zipSlipStyleNamesAreRefused() throws IOException {
    editManifest("\"" + ordersArchivePath + "\"", "\"data/..\\\\..\\\\evil\"");
    assertRefused("archive path 'data/..\\..\\evil' contains a backslash");
  }

  @Test
  void anOriginalPathClimbingOutOfTheTargetIsRefused() throws IOException {
    Path original = fixture.data.resolve("db/orders.db");
    editManifest(
        "\"originalPath\" : \"" + original + "\"",
        "\"originalPath\" : \"" + fixture.data.resolve("db/../../../../../etc/x") + "\"");
    assertRefused("is not normalized (has . or ..): refused");
  }

  @Test
  void anOriginalPathOutsideItsComponentIsRefused() throws IOException {
    Path original = fixture.data.resolve("db/orders.db");
    editManifest("\"originalPath\" : \"" + original + "\"", "\"originalPath\" : \"/etc/cron.d/x\"");
    assertRefused("its original path /etc/cron.d/x is outside the file sets of component 'orders'");
  }

  @Test
  void aSymlinkPlantedInTheDataDirectoryIsRefused() throws IOException {
    Path secret = Files.writeString(tmp.resolve("secret"), "orders table v1\n");
    Path planted = archive.resolve(ordersArchivePath);
    Files.delete(planted);
    Files.createSymbolicLink(planted, secret);
    assertRefused(ordersArchivePath + " is a symbolic link: an archive never holds links");
  }

  @Test
  void aSymlinkedDirectoryPlantedInTheDataDirectoryIsRefused() throws IOException {
    Path writerDir = archive.resolve("data/orders-db");
    Path moved = tmp.resolve("moved");
    Files.move(writerDir, moved);
    Files.createSymbolicLink(writerDir, moved);
    assertRefused("data/orders-db is a symbolic link");
  }

  @Test
  void aSymlinkInsideTheTargetDirectoryIsNotFollowed() throws IOException {
    Path escape = Files.createDirectories(tmp.resolve("escape"));
    Path firstSegment = target.resolve(fixture.data.getName(0).toString());
    Files.createDirectories(target);
    Files.createSymbolicLink(firstSegment, escape);
    InvalidArchiveException e =
        assertThrows(
            InvalidArchiveException.class, () -> new Restorer().restoreTo(archive, target));
    assertTrue(
        e.getMessage().contains(firstSegment + " is a symbolic link inside the target directory"),
        e.getMessage());
    assertEquals(List.of(escape), Fixture.tree(escape), "nothing written through the link");
  }

  @Test
  void anUnknownSchemaVersionIsAClearError() throws IOException {
    editManifest("\"schemaVersion\" : 2", "\"schemaVersion\" : 3");
    assertRefused(
        "manifest.json: schemaVersion 3 is not supported: this Quiesce reads schemaVersion 1 and 2"
            + " only");
  }

  @Test
  void anUnknownFieldIsAnError() throws IOException {
    editManifest("\"provider\" : \"copy\"", "\"provider\" : \"copy\", \"compression\" : \"zstd\"");
    assertRefused("Unrecognized field \"compression\"");
  }

  @Test
  void aMissingFieldIsAnError() throws IOException {
    editManifest("\"provider\" : \"copy\",", "");
    assertRefused(
        "it does not fit schemaVersion 2 at provider: required field 'provider' is missing");
  }

  @Test
  void aMalformedChecksumIsAnError() {
    InvalidArchiveException e =
        assertThrows(
            InvalidArchiveException.class,
            () ->
                Manifest.fromJson(
                    new String(manifest.toJson(), StandardCharsets.UTF_8)
                        .replace(manifest.files().get(0).sha256(), "abc")
                        .getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("at files[0]"), e.getMessage());
    assertTrue(e.getMessage().contains("is not 64 lowercase hex digits"), e.getMessage());
  }

  @Test
  void notJsonIsAnError() {
    InvalidArchiveException e =
        assertThrows(
            InvalidArchiveException.class,
            () -> Manifest.fromJson("{\"schemaVersion\": 1,".getBytes(StandardCharsets.UTF_8)));
    assertTrue(
        e.getMessage().startsWith("manifest.json is not valid: it is not valid JSON"),
        e.getMessage());
  }

  /** Reading the archive fails with {@code message}, and neither restore writes anything. */
  private void assertRefused(String message) throws IOException {
    InvalidArchiveException verify =
        assertThrows(InvalidArchiveException.class, () -> ArchiveVerifier.verify(archive));
    assertTrue(verify.getMessage().contains(message), verify.getMessage());

    InvalidArchiveException restore =
        assertThrows(
            InvalidArchiveException.class, () -> new Restorer().restoreTo(archive, target));
    assertTrue(restore.getMessage().contains(message), restore.getMessage());
    assertEquals(List.of(), Fixture.tree(target), "restore wrote something");

    Files.delete(fixture.data.resolve("db/orders.db"));
    Map<String, String> originals = Fixture.contents(fixture.data);
    List<WriterMetadata> live = List.of(fixture.metadata(RestoreMethod.RESTORE_IF_CAN_REPLACE));
    assertThrows(
        InvalidArchiveException.class, () -> new Restorer().restoreToOriginal(archive, live));
    assertEquals(originals, Fixture.contents(fixture.data), "restore to original wrote something");
    assertFalse(Files.exists(Path.of("/etc/x")));
  }
}
