package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quiesce.runtime.testing.SmallTmpfs;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore of many small files to one filesystem is made durable by one sync of it, once every
 * file is written whole beside its target and before any is put in place; a sync that fails falls
 * back to syncing file by file, one interrupted leaves every target as it was, and targets on two
 * filesystems are synced file by file.
 */
class OneSyncRestoreTest {
  private static final int LOGS = 20;

  @TempDir Path tmp;
  private Fixture fixture;
  private Path archive;
  private Path target;
  private Manifest manifest;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new Fixture(tmp.resolve("data")).makeWithLogs(LOGS);
    archive = tmp.resolve("backup");
    target = tmp.resolve("restored");
    manifest = fixture.archive(archive);
    FilesystemSyncTest.assumeOneSyncSuits(tmp);
  }

  @Test
  void theFilesystemIsSyncedOnceWhenEveryFileIsWholeBesideItsTargetAndNoneInPlace()
      throws IOException {
    List<String> seen = new ArrayList<>();
    FilesystemSyncTest.Recording runner =
        new FilesystemSyncTest.Recording(
            command -> {
              seen.add(staged() + " staged, " + placed() + " in place");
              return 0;
            });

    restore(runner);

    assertEquals(1, runner.commands.size());
    assertEquals("sync", runner.commands.get(0).get(0));
    assertEquals(List.of(manifest.files().size() + " staged, 0 in place"), seen);
    assertRestored();
  }

  @Test
  void aSyncThatFailsIsFollowedByASyncOfEachFileAndTheRestoreStands() throws IOException {
    FilesystemSyncTest.Recording runner = new FilesystemSyncTest.Recording(command -> 1);

    restore(runner);

    assertEquals(1, runner.commands.size());
    assertRestored();
  }

  @Test
  void anInterruptedSyncLeavesNoTargetAndNoTemporaryFile() throws IOException {
    FilesystemSyncTest.Recording runner =
        new FilesystemSyncTest.Recording(
            command -> {
              throw new InterruptedIOException("interrupted waiting for sync");
            });

    assertThrows(IOException.class, () -> restore(runner));

    assertEquals(List.of(), Fixture.tree(target), "nothing left in the target");
  }

  @Test
  void targetsOnTwoFilesystemsAreNotOneFilesystem() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    assertEquals(a, OneFilesystem.of(List.of(a.resolve("x"), a.resolve("new/deeper/y"))));
    try (SmallTmpfs other = SmallTmpfs.mount(tmp.resolve("other"), "1m")) {
      assertNull(OneFilesystem.of(List.of(a.resolve("x"), other.dir().resolve("y"))));
      Files.createSymbolicLink(a.resolve("link"), other.dir());
      assertNull(
          OneFilesystem.of(List.of(a.resolve("x"), a.resolve("link/y"))),
          "a target under a link to the other filesystem is on that one");
    }
  }

  private void restore(FilesystemSyncTest.Recording runner) throws IOException {
    FilesystemSync sync = new FilesystemSync(runner, "Linux", "6.1.0", () -> OptionalLong.of(0));
    new Restorer(ProgressListener.none(), sync).restoreTo(archive, target);
  }

  private void assertRestored() throws IOException {
    for (FileEntry file : manifest.files()) {
      Path original = file.originalPath();
      Path restored = target.resolve(original.getRoot().relativize(original).toString());
      assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(restored), file + "");
    }
    assertEquals(0, staged(), "no temporary file left");
    assertEquals(manifest.files().size(), placed());
  }

  private long staged() throws IOException {
    return files().stream()
        .filter(p -> p.getFileName().toString().contains(".quiesce-restore-"))
        .count();
  }

  private long placed() throws IOException {
    return files().size() - staged();
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> walk = Files.walk(target)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
