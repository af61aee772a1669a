package dev.quiesce.runtime.backup;

import static dev.quiesce.api.WriterEvent.FREEZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.SmallTmpfs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy provider's pre-copy through the coordinator: the provider copies the data after
 * PrepareSnapshot, the writer then changes its files in every way before its Freeze returns (as an
 * application flushing at Freeze does), and the backup restores exactly the files of the frozen
 * instant. On the temporary directory's filesystem (ext4 on the CI machines) and on a tmpfs.
 */
class PreCopyBackupTest {
  @TempDir Path tmp;

  @Test
  void filesChangedBetweenPrepareSnapshotAndFreezeAreRestoredAsFrozen() throws IOException {
    backUpAndRestoreWhatFreezeLeft(tmp.resolve("work"));
  }

  @Test
  void onATmpfsToo() throws IOException, InterruptedException {
    try (SmallTmpfs tmpfs = SmallTmpfs.mount(tmp.resolve("tmpfs"), "64m")) {
      backUpAndRestoreWhatFreezeLeft(tmpfs.dir());
    }
  }

  @Test
  void aFreezeVetoLeavesNoPreCopyBehind() throws IOException {
    Path live = Data.tree(tmp.resolve("live/db"));
    Path shadow = tmp.resolve("shadow");
    try (BackupRig rig =
        BackupRig.builder(CopySnapshotProvider.builder().shadowRoot(shadow).preCopyFrom(0).build())
            .writer("db", live)
            .build()) {
      AtomicReference<List<String>> atFreeze = new AtomicReference<>();
      rig.w("db")
          .writer()
          .on(
              FREEZE,
              (c, r) -> {
                atFreeze.set(names(shadow));
                throw new IOException("checkpoint busy");
              });

      assertThrows(
          QuiesceException.class,
          () ->
              rig.app.backup(
                  BackupOptions.full(), tmp.resolve("archive"), ProgressListener.none()));

      assertEquals(1, atFreeze.get().size(), "one entry at Freeze: " + atFreeze.get());
      assertTrue(atFreeze.get().get(0).endsWith(".precopy"), "the pre-copy: " + atFreeze.get());
      assertEquals(List.of(), names(shadow), "the pre-copy of the failed set is deleted");
    }
  }

  private void backUpAndRestoreWhatFreezeLeft(Path work) throws IOException {
    Path live = Data.tree(work.resolve("live/db"));
    Files.write(live.resolve("table.dat"), Data.bytes(3 * 1024 * 1024, 9));
    Files.writeString(live.resolve("becomes-dir"), "a file for now\n");
    Path shadow = work.resolve("shadow");
    Path archive = work.resolve("archive");
    Path target = work.resolve("restored");
    try (BackupRig rig =
        BackupRig.builder(CopySnapshotProvider.builder().shadowRoot(shadow).preCopyFrom(0).build())
            .writer("db", live)
            .build()) {
      AtomicReference<List<String>> atFreeze = new AtomicReference<>();
      AtomicReference<Map<String, String>> frozen = new AtomicReference<>();
      rig.w("db")
          .writer()
          .on(
              FREEZE,
              (c, r) -> {
                atFreeze.set(names(shadow));
                changeEverything(live);
                frozen.set(TreeState.of(live));
              });

      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());

      assertEquals(1, atFreeze.get().size(), "one entry at Freeze: " + atFreeze.get());
      assertTrue(atFreeze.get().get(0).endsWith(".precopy"), "the pre-copy: " + atFreeze.get());
      List<String> left = names(shadow);
      assertEquals(1, left.size(), "nothing left but the last copy: " + left);
      assertTrue(left.get(0).endsWith(".last"), "nothing left but the last copy: " + left);
      // After Thaw the application goes on; the backup must not see it.
      Files.writeString(live.resolve("orders.log"), "after Thaw\n", StandardOpenOption.APPEND);

      rig.app.restore(archive, Optional.of(target), ProgressListener.none());
      Map<String, String> expected = new java.util.TreeMap<>(frozen.get());
      expected.keySet().removeIf(name -> name.endsWith(".lck"));
      // The archive holds files; a directory left empty (sub/deeper) is not restored.
      expected
          .keySet()
          .removeIf(
              name ->
                  expected.get(name).equals("dir")
                      && expected.keySet().stream().noneMatch(n -> n.startsWith(name + "/")));
      assertEquals(expected, TreeState.of(Data.under(target, live)));
    }
  }

  /** What the writer does inside Freeze, after the pre-copy: every kind of change. */
  private static void changeEverything(Path live) throws IOException {
    Path orders = live.resolve("orders.db");
    FileTime mtime = Files.getLastModifiedTime(orders);
    try (RandomAccessFile file = new RandomAccessFile(orders.toFile(), "rw")) {
      file.seek(4096 * 3 + 7);
      file.write("same size, same mtime".getBytes(StandardCharsets.UTF_8));
    }
    Files.setLastModifiedTime(orders, mtime);
    Path table = live.resolve("table.dat");
    try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
      file.seek(2 * 1024 * 1024 + 5);
      file.write("a page in the middle".getBytes(StandardCharsets.UTF_8));
      file.setLength(file.length() + 10_000);
    }
    Files.writeString(live.resolve("orders.log"), "order 101\n", StandardOpenOption.APPEND);
    try (RandomAccessFile file =
        new RandomAccessFile(live.resolve("sub/index.idx").toFile(), "rw")) {
      file.setLength(3);
    }
    Files.delete(live.resolve("sub/deeper/blob.bin"));
    Files.writeString(live.resolve("sub/new-segment.dat"), "appeared at Freeze\n");
    Files.delete(live.resolve("becomes-dir"));
    Files.createDirectories(live.resolve("becomes-dir/inside"));
    Files.writeString(live.resolve("becomes-dir/inside/f"), "now under a directory\n");
  }

  private static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
