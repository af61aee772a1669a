package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.runtime.testing.LoopFilesystem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The btrfs provider and the copy provider's clone path on real btrfs and XFS filesystems, mounted
 * from images on loop devices ({@link LoopFilesystem}; skipped with the reason where that is
 * impossible). The fake runner of {@link VolumeProvidersTest} proves the command lines; only a real
 * filesystem proves that the snapshot is the data as it was, and that a clone is a clone.
 */
class RealFilesystemTest {
  private static final int MB = 1024 * 1024;

  @TempDir Path tmp;
  private final SnapshotSetId id = SnapshotSetId.random();

  @Test
  void btrfsSnapshotOfASubvolumeHoldsTheDataAsItWasAndRestoresIt() throws IOException {
    try (LoopFilesystem fs = LoopFilesystem.mount(LoopFilesystem.Kind.BTRFS, 128, tmp)) {
      Path subvolume = fs.root().resolve("data");
      fs.run("btrfs", "subvolume", "create", subvolume.toString());
      Path db = Files.createDirectories(subvolume.resolve("db"));
      Path accounts = Files.writeString(db.resolve("accounts.txt"), "alice 100\nbob 50\n");
      byte[] pages = bytes(2 * MB, 1);
      Path table =
          Files.write(Files.createDirectories(db.resolve("seg0")).resolve("c1.dat"), pages);
      BtrfsSnapshotProvider provider = new BtrfsSnapshotProvider();
      provider.check(List.of(db));

      Path backup = tmp.resolve("backup");
      Path snapshotDir =
          subvolume.resolve(BtrfsSnapshotProvider.SNAPSHOT_DIR).resolve(id.toString());
      try (Snapshot snapshot = provider.take(id, List.of(db))) {
        assertEquals(snapshotDir.resolve("db/accounts.txt"), snapshot.pathOf(accounts));
        Files.writeString(accounts, "alice 0\n");
        Files.delete(table);
        Files.writeString(db.resolve("new.txt"), "after the snapshot");

        assertEquals("alice 100\nbob 50\n", Files.readString(snapshot.pathOf(accounts)));
        assertArrayEquals(pages, Files.readAllBytes(snapshot.pathOf(table)));
        assertFalse(Files.exists(snapshot.pathOf(db.resolve("new.txt"))));
        assertThrows(
            IOException.class,
            () -> Files.writeString(snapshot.pathOf(accounts), "x"),
            "read-only");
        copyTree(snapshot.pathOf(db), backup);
      }
      assertFalse(Files.exists(snapshotDir), "the snapshot subvolume is deleted on close");

      copyTree(backup, db);
      Files.delete(db.resolve("new.txt"));
      assertEquals("alice 100\nbob 50\n", Files.readString(accounts));
      assertArrayEquals(pages, Files.readAllBytes(table));
    }
  }

  @Test
  void xfsReflinkCopyClonesAndTheCloneKeepsTheDataAsItWas() throws IOException {
    try (LoopFilesystem fs = LoopFilesystem.mount(LoopFilesystem.Kind.XFS, 320, tmp)) {
      Path data = Files.createDirectories(fs.root().resolve("data"));
      Path shadow = Files.createDirectories(fs.root().resolve("shadow"));
      assertTrue(new ReflinkProbe(new ProcessCommandRunner()).canClone(shadow), "XFS clones");
      byte[] big = bytes(48 * MB, 2);
      Path bigFile = Files.write(data.resolve("big.dat"), big);
      Path small = Files.writeString(data.resolve("small.txt"), "before");
      CopySnapshotProvider provider = CopySnapshotProvider.builder().shadowRoot(shadow).build();
      provider.check(List.of(data));

      FileStore store = Files.getFileStore(data);
      fs.run("sync", "-f", data.toString());
      long freeBefore = store.getUsableSpace();
      try (Snapshot snapshot = provider.take(id, List.of(data))) {
        fs.run("sync", "-f", data.toString());
        long used = freeBefore - store.getUsableSpace();
        assertTrue(used < 8 * MB, "a clone shares the 48 MB, but " + used + " bytes were used");
        assertEquals(-1, Files.mismatch(bigFile, snapshot.pathOf(bigFile)));
        assertEquals(-1, Files.mismatch(small, snapshot.pathOf(small)));

        try (RandomAccessFile file = new RandomAccessFile(bigFile.toFile(), "rw")) {
          file.write(new byte[4096]);
          file.seek(big.length - 10);
          file.write(new byte[10]);
        }
        Files.writeString(small, "after");
        assertArrayEquals(big, Files.readAllBytes(snapshot.pathOf(bigFile)));
        assertEquals("before", Files.readString(snapshot.pathOf(small)));
      }
      try (Stream<Path> left = Files.list(shadow)) {
        assertEquals(List.of(), left.toList(), "the shadow copy is deleted on close");
      }
    }
  }

  private static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Copies the files under {@code from} to the same places under {@code to}, replacing. */
  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
