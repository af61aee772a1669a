package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.metadata.RestoreMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore reads the archive once: {@link Restorer#inspect} checks everything but the contents,
 * and each file is hashed as it is written beside its target. A damaged file found late (the last
 * one written) still leaves every target as it was and no temporary file behind.
 */
class OnePassRestoreTest {
  @TempDir Path tmp;
  private Fixture fixture;
  private Path archive;
  private Path target;
  private Manifest manifest;
  private FileEntry last;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new Fixture(tmp.resolve("data")).make();
    archive = tmp.resolve("backup");
    target = tmp.resolve("restored");
    manifest = fixture.archive(archive);
    last = manifest.files().get(manifest.files().size() - 1);
  }

  private void damageLastFile() throws IOException {
    Path file = archive.resolve(last.archivePath());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);
  }

  @Test
  void inspectLeavesTheContentsToTheRestoreWhichRefusesADamagedFileWritingNothing()
      throws IOException {
    damageLastFile();
    Restorer restorer = new Restorer();

    assertDoesNotThrow(() -> restorer.inspect(archive), "inspect does not read the contents");
    assertThrows(InvalidArchiveException.class, () -> restorer.verify(archive));
    InvalidArchiveException e =
        assertThrows(InvalidArchiveException.class, () -> restorer.restoreTo(archive, target));

    assertTrue(e.getMessage().contains(last.archivePath() + " has SHA-256 "), e.getMessage());
    assertTrue(e.getMessage().contains("no target was changed"), e.getMessage());
    assertEquals(List.of(), Fixture.tree(target), "no file and no directory left in the target");
  }

  @Test
  void aDamagedLastFileLeavesEveryOriginalAsItWasAndNoTemporaryBehind() throws IOException {
    for (FileEntry f : manifest.files()) {
      Files.writeString(f.originalPath(), "newer than the backup");
    }
    Map<String, String> before = Fixture.contents(fixture.data);
    damageLastFile();

    assertThrows(
        InvalidArchiveException.class,
        () ->
            new Restorer()
                .restoreToOriginal(
                    archive, List.of(fixture.metadata(RestoreMethod.RESTORE_IF_CAN_REPLACE))));

    assertEquals(before, Fixture.contents(fixture.data), "no target replaced, no file left over");
  }

  @Test
  void stagedFilesReplaceNothingUntilPutInPlaceAndAnAbandonedStageLeavesNothing()
      throws IOException {
    Restorer restorer = new Restorer();
    CheckedRestore checked = restorer.check(restorer.inspect(archive), RestoreTarget.under(target));

    try (StagedRestore staged = restorer.stage(checked)) {
      List<Path> written = Fixture.tree(target);
      assertFalse(written.isEmpty(), "the files are written beside their targets");
      for (FileEntry f : manifest.files()) {
        Path restoredTo = target.resolve(f.originalPath().getRoot().relativize(f.originalPath()));
        assertFalse(Files.exists(restoredTo), restoredTo + " is not in place before putInPlace");
      }
    }
    assertEquals(List.of(), Fixture.tree(target), "abandoned: temporaries and directories gone");

    try (StagedRestore staged = restorer.stage(checked)) {
      RestoreResult result = staged.putInPlace();
      assertEquals(manifest.files().size(), result.restored().size());
    }
    for (FileEntry f : manifest.files()) {
      Path restoredTo = target.resolve(f.originalPath().getRoot().relativize(f.originalPath()));
      assertArrayEquals(
          Files.readAllBytes(f.originalPath()), Files.readAllBytes(restoredTo), "restored " + f);
    }
    assertEquals(
        manifest.files().size(),
        Fixture.tree(target).stream().filter(Files::isRegularFile).count(),
        "no temporary left beside the restored files");
  }
}
