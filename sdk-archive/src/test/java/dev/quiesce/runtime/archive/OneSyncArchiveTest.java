package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.runtime.snapshot.ProcessCommandRunner;
import dev.quiesce.runtime.testing.SmallTmpfs;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive of many small files made durable by one sync of its filesystem: the sync starts once
 * every data file is whole, and the manifest is renamed into place only after it; a sync that fails
 * falls back to syncing file by file, and one interrupted leaves no archive.
 */
class OneSyncArchiveTest {
  private static final int LOGS = 20;

  @TempDir Path tmp;
  private Fixture fixture;
  private Path archive;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new Fixture(tmp.resolve("data")).makeWithLogs(LOGS);
    archive = tmp.resolve("backup");
    FilesystemSyncTest.assumeOneSyncSuits(tmp);
  }

  @Test
  void theFilesystemIsSyncedOnceEveryDataFileIsWholeAndTheManifestWaitsForIt() throws IOException {
    Map<Path, Long> sizes = new TreeMap<>();
    Path temp = archive.resolve(Manifest.FILE_NAME + ".tmp");
    List<String> seen = new ArrayList<>();
    FilesystemSyncTest.Recording runner =
        new FilesystemSyncTest.Recording(
            command -> {
              // Every data file is whole when the sync starts.
              try (Stream<Path> files = Files.walk(archive.resolve("data"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                  sizes.put(archive.relativize(file), Files.size(file));
                }
              }
              // The manifest is written meanwhile, but not put in place before the sync is done.
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
              while (!Files.exists(temp) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a bounded poll
              }
              seen.add("temp manifest " + Files.exists(temp));
              seen.add("manifest " + Files.exists(archive.resolve(Manifest.FILE_NAME)));
              return 0;
            });

    Manifest manifest = write(runner);

    assertEquals(List.of(List.of("sync", "-f", archive.toString())), runner.commands);
    assertEquals(List.of("temp manifest true", "manifest false"), seen);
    Map<Path, Long> expected = new TreeMap<>();
    for (FileEntry file : manifest.files()) {
      expected.put(Path.of(file.archivePath()), file.size());
    }
    assertEquals(expected, sizes, "every data file whole when the sync started");
    assertTrue(manifest.files().size() >= FilesystemSync.MIN_FILES, "enough files to sync at once");
    assertEquals(manifest, ArchiveVerifier.verify(archive));
  }

  @Test
  void aSyncThatFailsIsFollowedByASyncOfEachFileAndTheArchiveStands() throws IOException {
    FilesystemSyncTest.Recording runner = new FilesystemSyncTest.Recording(command -> 1);

    Manifest manifest = write(runner);

    assertEquals(1, runner.commands.size());
    assertEquals(manifest, ArchiveVerifier.verify(archive));
    assertFalse(Files.exists(archive.resolve(Manifest.FILE_NAME + ".tmp")));
  }

  @Test
  void anInterruptedSyncFailsTheArchiveAndLeavesNothing() {
    FilesystemSyncTest.Recording runner =
        new FilesystemSyncTest.Recording(
            command -> {
              throw new InterruptedIOException("interrupted waiting for sync");
            });

    assertThrows(InterruptedIOException.class, () -> write(runner));

    assertFalse(Files.exists(archive), "no archive, not even a directory");
  }

  @Test
  void onAFullFilesystemTheArchiveFailsNamingTheFileAndLeavesNothing() throws Exception {
    try (SmallTmpfs small = SmallTmpfs.mount(tmp.resolve("small"), "8m")) {
      archive = small.dir().resolve("backup");
      Path temp = archive.resolve(Manifest.FILE_NAME + ".tmp");
      // The real sync -f; the machine's own dirty data left out of the decision.
      FilesystemSync sync =
          new FilesystemSync(
              new ProcessCommandRunner(), "Linux", "6.1.0", () -> OptionalLong.of(0));
      // The data fits; the disk fills up (another process) just before the manifest is written.
      DurableWrites.Creator fillBeforeManifest =
          file -> {
            if (file.equals(temp)) {
              small.fill();
            }
            return Permissions.createPrivate(file);
          };
      assertTrue(
          sync.suits(archive.getParent(), FilesystemSync.MIN_FILES, 1 << 20),
          "a small archive on a tmpfs is synced at once");

      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  new ArchiveWriter(ProgressListener.none(), fillBeforeManifest, sync)
                      .write(
                          archive,
                          fixture.request(p -> p, RestoreMethod.RESTORE_IF_CAN_REPLACE),
                          p -> p));

      assertTrue(
          e.getMessage().startsWith("cannot write the manifest (" + temp + ")"), e.getMessage());
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertFalse(Files.exists(archive), "nothing left of the archive");
    }
  }

  private Manifest write(FilesystemSyncTest.Recording runner) throws IOException {
    FilesystemSync sync = new FilesystemSync(runner, "Linux", "6.1.0", () -> OptionalLong.of(0));
    return new ArchiveWriter(ProgressListener.none(), Permissions::createPrivate, sync)
        .write(archive, fixture.request(p -> p, RestoreMethod.RESTORE_IF_CAN_REPLACE), p -> p);
  }
}
