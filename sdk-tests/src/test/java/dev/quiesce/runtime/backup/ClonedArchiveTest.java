package dev.quiesce.runtime.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ArchiveVerifier;
import dev.quiesce.runtime.archive.FileEntry;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.snapshot.BtrfsSnapshotProvider;
import dev.quiesce.runtime.snapshot.CommandResult;
import dev.quiesce.runtime.snapshot.ProcessCommandRunner;
import dev.quiesce.runtime.testing.LoopFilesystem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup through the btrfs provider into an archive on the same btrfs filesystem clones the
 * snapshot's files instead of copying them (the archive shares their blocks and writes none of the
 * data); the archive is whole, private, unchanged by later writes to the live data, and restores.
 * Into an archive elsewhere the files are copied. On a real btrfs loop mount (skipped with the
 * reason where mounting is impossible).
 */
class ClonedArchiveTest {
  private static final int MB = 1024 * 1024;

  @TempDir Path tmp;

  @Test
  void anArchiveOnTheSnapshotsFilesystemClonesItsFiles() throws IOException {
    try (LoopFilesystem fs = LoopFilesystem.mount(LoopFilesystem.Kind.BTRFS, 256, tmp)) {
      assumeTrue(new ProcessCommandRunner().isInstalled("filefrag"), "filefrag is not installed");
      Path live = liveData(fs);
      Path table = live.resolve("table.dat");
      byte[] before = Files.readAllBytes(table);
      Path archive = fs.root().resolve("archives/one");
      try (BackupRig rig =
          BackupRig.builder(new BtrfsSnapshotProvider()).writer("db", live).build()) {
        rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      }

      Manifest manifest = ArchiveVerifier.verify(archive);
      Path archived = archive.resolve(entry(manifest, table).archivePath());
      fs.run("sync", "-f", archived.toString());
      assertTrue(
          filefragV(archived).contains("shared"),
          "the archive's table shares its blocks with the live one: " + filefragV(archived));
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archived)));
      try (Stream<Path> entries = Files.list(archive)) {
        assertEquals(
            List.of("data", "manifest.json"),
            entries.map(p -> p.getFileName().toString()).sorted().toList(),
            "no staging directory is left");
      }

      try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
        file.seek(MB + 5);
        file.write("written after the backup".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      fs.run("sync", "-f", table.toString());
      assertArrayEquals(before, Files.readAllBytes(archived), "copy-on-write keeps the archive");
      ArchiveVerifier.verify(archive);

      try (BackupRig rig =
          BackupRig.builder(new BtrfsSnapshotProvider()).writer("db", live).build()) {
        rig.app.restore(archive, Optional.of(tmp.resolve("restored")), ProgressListener.none());
      }
      assertArrayEquals(before, Files.readAllBytes(Data.under(tmp.resolve("restored"), table)));
    }
  }

  @Test
  void anArchiveOnAnotherFilesystemIsCopied() throws IOException {
    try (LoopFilesystem fs = LoopFilesystem.mount(LoopFilesystem.Kind.BTRFS, 256, tmp)) {
      Path live = liveData(fs);
      Path table = live.resolve("table.dat");
      Path archive = tmp.resolve("archive");
      try (BackupRig rig =
          BackupRig.builder(new BtrfsSnapshotProvider()).writer("db", live).build()) {
        rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
      }

      Manifest manifest = ArchiveVerifier.verify(archive);
      assertArrayEquals(
          Files.readAllBytes(table),
          Files.readAllBytes(archive.resolve(entry(manifest, table).archivePath())));
      try (Stream<Path> entries = Files.list(archive)) {
        assertEquals(2, entries.count(), "data and the manifest, no staging directory");
      }
    }
  }

  /** A writer's data in a subvolume of {@code fs}, with a table of 4 MiB on disk. */
  private static Path liveData(LoopFilesystem fs) throws IOException {
    Path subvolume = fs.root().resolve("data");
    fs.run("btrfs", "subvolume", "create", subvolume.toString());
    Path live = Data.tree(subvolume.resolve("db"));
    Files.write(live.resolve("table.dat"), Data.bytes(4 * MB, 3));
    fs.run("sync", "-f", live.toString());
    return live;
  }

  private static String filefragV(Path file) throws IOException {
    CommandResult result =
        new ProcessCommandRunner()
            .run(List.of("filefrag", "-v", file.toString()), Duration.ofSeconds(30));
    return result.requireSuccess("filefrag -v " + file).stdout();
  }

  private static FileEntry entry(Manifest manifest, Path original) {
    return manifest.files().stream()
        .filter(f -> f.originalPath().equals(original.toAbsolutePath().normalize()))
        .findFirst()
        .orElseThrow();
  }
}
