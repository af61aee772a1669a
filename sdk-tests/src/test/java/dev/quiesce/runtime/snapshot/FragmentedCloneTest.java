package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotPreparation;
import dev.quiesce.runtime.snapshot.Fragmentation.Fragmented;
import dev.quiesce.runtime.snapshot.Fragmentation.Outcome;
import dev.quiesce.runtime.testing.LoopFilesystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy provider's prepare step on real XFS and btrfs loop mounts ({@link LoopFilesystem};
 * skipped with the reason where mounting or a tool is impossible): a file fragmented into thousands
 * of extents is defragmented by the filesystem's own tool before the freeze, a fragmented file that
 * shares its extents with a reflink copy is left as it is and warned of, and the snapshot taken
 * afterwards holds exactly the bytes of the frozen instant. {@code FragmentationTest} covers the
 * failures with a scripted runner.
 */
class FragmentedCloneTest {
  private static final int MB = 1024 * 1024;
  private static final int MAX_EXTENTS = 100;

  @TempDir Path tmp;
  private final SnapshotSetId id = SnapshotSetId.random();
  private final ProcessCommandRunner runner = new ProcessCommandRunner();

  @Test
  void xfsFsrDefragmentsAnUnsharedFileBeforeTheFreezeAndLeavesASharedOne() throws IOException {
    try (LoopFilesystem fs = LoopFilesystem.mount(LoopFilesystem.Kind.XFS, 320, tmp)) {
      assumeTools("xfs_fsr");
      defragmentsTheUnsharedAndLeavesTheShared(fs);
    }
  }

  @Test
  void btrfsDefragmentsAnUnsharedFileBeforeTheFreezeAndLeavesASharedOne() throws IOException {
    try (LoopFilesystem fs = LoopFilesystem.mount(LoopFilesystem.Kind.BTRFS, 256, tmp)) {
      assumeTools("btrfs");
      defragmentsTheUnsharedAndLeavesTheShared(fs);
    }
  }

  private void assumeTools(String defragmenter) {
    for (String tool : List.of("filefrag", defragmenter)) {
      assumeTrue(runner.isInstalled(tool), tool + " is not installed: defragmenting not tested");
    }
  }

  private void defragmentsTheUnsharedAndLeavesTheShared(LoopFilesystem fs) throws IOException {
    Path data = Files.createDirectories(fs.root().resolve("data"));
    Path shadow = Files.createDirectories(fs.root().resolve("shadow"));
    Path copies = Files.createDirectories(fs.root().resolve("copies"));
    assumeTrue(new ReflinkProbe(runner).canClone(shadow), "the filesystem does not clone");
    Path table = data.resolve("table.dat");
    byte[] tableBytes = writeFragmented(table, 2048, 1);
    Path shared = data.resolve("shared.dat");
    byte[] sharedBytes = writeFragmented(shared, 2048, 2);
    Path copy = copies.resolve("shared.copy");
    fs.run("cp", "--reflink=always", shared.toString(), copy.toString());
    Path contiguous = Files.write(data.resolve("contiguous.dat"), bytes(8 * MB, 3));
    fs.run("sync", "-f", data.toString());
    long tableExtents = extents(table);
    long sharedExtents = extents(shared);
    assertTrue(tableExtents > MAX_EXTENTS, "fragmented: " + tableExtents);
    assertTrue(sharedExtents > MAX_EXTENTS, "fragmented: " + sharedExtents);

    CopySnapshotProvider provider =
        CopySnapshotProvider.builder()
            .shadowRoot(shadow)
            .fragmentationWarning(MB, MAX_EXTENTS)
            .defragmentTimeout(Duration.ofMinutes(2))
            .build();
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      Map<Path, Fragmented> found =
          ((CopyPreparation) preparation)
              .fragmented().stream()
                  .collect(Collectors.toMap(Fragmented::file, Function.identity()));
      assertEquals(
          List.of(shared, table), found.keySet().stream().sorted().toList(), found.toString());
      Fragmented defragmented = found.get(table);
      assertEquals(Outcome.DEFRAGMENTED, defragmented.outcome(), defragmented.toString());
      assertEquals(tableExtents, defragmented.extents());
      assertTrue(defragmented.extentsAfter() <= MAX_EXTENTS, defragmented.toString());
      assertEquals(defragmented.extentsAfter(), extents(table), "as counted by the provider");
      assertEquals(
          new Fragmented(shared, sharedExtents, Outcome.SHARED, sharedExtents), found.get(shared));
      assertEquals(sharedExtents, extents(shared), "the shared file is left as it was");
      assertTrue(new Filefrag(runner).scan(shared).orElseThrow().anyShared(), "and still shares");

      // The application writes on until the freeze; the snapshot must hold these bytes.
      try (FileChannel channel = FileChannel.open(table, StandardOpenOption.WRITE)) {
        byte[] page = bytes(4096, 4);
        channel.write(ByteBuffer.wrap(page), 4096L * 100);
        System.arraycopy(page, 0, tableBytes, 4096 * 100, 4096);
      }
      assertArrayEquals(tableBytes, Files.readAllBytes(table), "defragmenting kept the bytes");
      try (Snapshot snapshot = provider.take(id, List.of(data))) {
        try (FileChannel channel = FileChannel.open(table, StandardOpenOption.WRITE)) {
          channel.write(ByteBuffer.wrap(new byte[4096]), 0);
        }
        assertArrayEquals(tableBytes, Files.readAllBytes(snapshot.pathOf(table)));
        assertArrayEquals(sharedBytes, Files.readAllBytes(snapshot.pathOf(shared)));
        assertEquals(-1, Files.mismatch(contiguous, snapshot.pathOf(contiguous)));
      }
    }
    assertArrayEquals(sharedBytes, Files.readAllBytes(copy), "the user's copy is untouched");
  }

  private long extents(Path file) throws IOException {
    return new Filefrag(runner).count(file).orElseThrow();
  }

  /**
   * Writes {@code blocks} blocks of 4 KiB so that no two neighbours are next to each other on disk:
   * the even ones first (from the end, so that XFS preallocates nothing past the end of the file),
   * flushed so they are allocated together, then the odd ones into the holes.
   */
  static byte[] writeFragmented(Path file, int blocks, long seed) throws IOException {
    byte[] contents = bytes(blocks * 4096, seed);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int parity = 0; parity < 2; parity++) {
        for (int block = blocks - 2 + parity; block >= 0; block -= 2) {
          channel.write(ByteBuffer.wrap(contents, block * 4096, 4096), block * 4096L);
        }
        channel.force(true);
      }
    }
    return contents;
  }

  private static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
