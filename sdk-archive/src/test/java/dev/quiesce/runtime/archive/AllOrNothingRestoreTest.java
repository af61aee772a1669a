package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.metadata.RestoreMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore that fails while writing (here a file of the archive changed after it was verified, the
 * last one written; a full disk fails the same way) replaces no target: every file is written
 * beside its target before any is put in place.
 */
class AllOrNothingRestoreTest {
  @TempDir Path tmp;

  @Test
  void aFailureWhileWritingLeavesEveryTargetAsItWas() throws IOException {
    Fixture fixture = new Fixture(tmp.resolve("data")).make();
    Path archive = tmp.resolve("backup");
    Manifest manifest = fixture.archive(archive);
    Restorer restorer = new Restorer();
    CheckedRestore checked =
        restorer.check(
            restorer.verify(archive),
            RestoreTarget.originalPaths(
                List.of(fixture.metadata(RestoreMethod.RESTORE_IF_CAN_REPLACE))));
    for (FileEntry f : manifest.files()) {
      Files.writeString(f.originalPath(), "newer than the backup");
    }
    Files.delete(fixture.data.resolve("logs/0001.log"));
    Map<String, String> before = Fixture.contents(fixture.data);
    FileEntry last = manifest.files().get(manifest.files().size() - 1);
    byte[] bytes = Files.readAllBytes(archive.resolve(last.archivePath()));
    bytes[0] ^= 1;
    Files.write(archive.resolve(last.archivePath()), bytes);

    InvalidArchiveException e =
        assertThrows(InvalidArchiveException.class, () -> restorer.restore(checked));

    assertTrue(e.getMessage().contains(last.archivePath() + " changed after it was verified"));
    assertTrue(e.getMessage().contains("no target was changed"), e.getMessage());
    assertEquals(before, Fixture.contents(fixture.data), "no target replaced, no file left over");
    assertTrue(Files.notExists(fixture.data.resolve("logs/0001.log")));
  }
}
