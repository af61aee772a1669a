package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.runtime.snapshot.CommandResult;
import dev.quiesce.runtime.snapshot.CommandRunner;
import dev.quiesce.runtime.snapshot.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One sync of the filesystem is chosen only where it is cheap and reports errors: many small files,
 * little other dirty data, Linux 5.8 or later, a local filesystem.
 */
class FilesystemSyncTest {
  private static final long MIB = 1 << 20;

  @TempDir Path tmp;

  @Test
  void aSmallArchiveOfManyFilesOnAQuietLocalFilesystemIsSyncedAtOnce() throws IOException {
    assumeLocal();
    assertTrue(sync("Linux", "6.1.0-13-amd64", 2 * MIB).suits(tmp, 84, 6 * MIB));
    assertTrue(sync("Linux", "5.8.0", 70 * MIB).suits(tmp, 16, 6 * MIB), "6 + 64 MiB allowed");
  }

  @Test
  void fewFilesOrLargeArchivesAreSyncedFileByFile() throws IOException {
    assumeLocal();
    FilesystemSync sync = sync("Linux", "6.1.0", 0);
    assertFalse(sync.suits(tmp, FilesystemSync.MIN_FILES - 1, MIB), "a handful of fsyncs is cheap");
    assertFalse(
        sync.suits(tmp, 1000, FilesystemSync.MAX_BYTES + 1), "large: the syncs overlap the copy");
  }

  @Test
  void otherDirtyDataOnTheMachineKeepsTheSyncPerFile() throws IOException {
    assumeLocal();
    assertFalse(
        sync("Linux", "6.1.0", 6 * MIB + FilesystemSync.MAX_OTHER_DIRTY + 1)
            .suits(tmp, 84, 6 * MIB));
    assertFalse(
        new FilesystemSync(new Recording(0), "Linux", "6.1.0", OptionalLong::empty)
            .suits(tmp, 84, 6 * MIB),
        "unknown dirty data");
  }

  @Test
  void onlyKernelsThatReportWritebackErrorsToSyncfsQualify() throws IOException {
    assumeLocal();
    for (String old : List.of("5.7.19", "4.19.0-26-amd64", "3.10.0", "garbage", "")) {
      assertFalse(sync("Linux", old, 0).suits(tmp, 84, MIB), old);
    }
    for (String recent : List.of("5.8.0", "5.15.0-91-generic", "6.18.44-fc-v657", "10.0")) {
      assertTrue(sync("Linux", recent, 0).suits(tmp, 84, MIB), recent);
    }
    assertFalse(sync("Mac OS X", "14.1", 0).suits(tmp, 84, MIB), "syncfs is Linux's");
  }

  @Test
  void withoutSyncInstalledTheFilesAreSyncedOneByOne() throws IOException {
    assumeLocal();
    CommandRunner noSync =
        new Recording(0) {
          @Override
          public boolean isInstalled(String program) {
            return false;
          }
        };
    assertFalse(
        new FilesystemSync(noSync, "Linux", "6.1.0", () -> OptionalLong.of(0)).suits(tmp, 84, MIB));
  }

  @Test
  void theSyncRunsSyncDashFOnTheDirectoryAndReportsAFailureWithWhatSyncSaid() throws IOException {
    Recording runner = new Recording(1);
    FilesystemSync sync = new FilesystemSync(runner, "Linux", "6.1.0", () -> OptionalLong.of(0));

    IOException e = assertThrows(IOException.class, () -> sync.sync(tmp));

    assertEquals(List.of(List.of("sync", "-f", tmp.toString())), runner.commands);
    assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
    assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
  }

  @Test
  void theRealSyncSucceedsOnATemporaryDirectory() throws IOException {
    assumeTrue(new ProcessCommandRunner().isInstalled("sync"), "coreutils' sync is not installed");
    assumeTrue(System.getProperty("os.name").equals("Linux"), "sync -f is GNU coreutils on Linux");
    Files.writeString(tmp.resolve("a"), "a");
    new FilesystemSync().sync(tmp);
  }

  @Test
  void dirtyDataIsDirtyPlusWritebackFromMeminfo() {
    List<String> meminfo =
        List.of(
            "MemTotal:       24570712 kB",
            "Dirty:              108 kB",
            "Writeback:           20 kB",
            "WritebackTmp:     99999 kB");
    assertEquals(OptionalLong.of(128 * 1024), FilesystemSync.dirtyBytes(meminfo));
    assertEquals(OptionalLong.empty(), FilesystemSync.dirtyBytes(List.of("Dirty: 5 kB")));
  }

  private void assumeLocal() throws IOException {
    String type = Files.getFileStore(tmp).type();
    assumeTrue(
        FilesystemSync.LOCAL_TYPES.contains(type),
        "the temporary directory is on " + type + ", not a local filesystem this knows");
  }

  private static FilesystemSync sync(String os, String version, long dirty) {
    return new FilesystemSync(new Recording(0), os, version, () -> OptionalLong.of(dirty));
  }

  /** Records each command and answers with {@code exitCode}; every program is installed. */
  /** Skips a test of the one sync where {@code dir} is on a filesystem that never gets it. */
  static void assumeOneSyncSuits(Path dir) throws IOException {
    String type = Files.getFileStore(dir).type();
    assumeTrue(
        FilesystemSync.LOCAL_TYPES.contains(type),
        dir + " is on " + type + ", where everything is synced file by file");
  }

  /** What a fake {@code sync} does: returns its exit code, or throws. */
  interface Behaviour {
    int exitCode(List<String> command) throws IOException;
  }

  /** A fake {@code sync}: records each command and behaves as told. */
  static class Recording implements CommandRunner {
    final List<List<String>> commands = new ArrayList<>();
    private final Behaviour behaviour;

    Recording(int exitCode) {
      this(command -> exitCode);
    }

    Recording(Behaviour behaviour) {
      this.behaviour = behaviour;
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
      commands.add(command);
      int exitCode = behaviour.exitCode(command);
      return new CommandResult(
          command,
          exitCode,
          "",
          exitCode == 0 ? "" : "sync: error syncing '" + command.get(2) + "': Input/output error");
    }

    @Override
    public boolean isInstalled(String program) {
      return true;
    }
  }
}
