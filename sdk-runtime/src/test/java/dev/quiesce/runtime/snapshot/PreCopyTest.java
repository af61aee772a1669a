package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotPreparation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy provider's pre-copy: whatever happens to the files between {@code prepare} and {@code
 * take}, the snapshot is exactly what a full copy at the take would be, and the pre-copy never
 * outlives its set.
 */
class PreCopyTest {
  private static final FileTime OLD = FileTime.from(Instant.parse("2024-03-01T10:15:30Z"));
  private static final int MB = 1024 * 1024;

  @TempDir Path tmp;
  private Path data;
  private Path shadowRoot;
  private final SnapshotSetId id = SnapshotSetId.random();

  @BeforeEach
  void makeTree() throws IOException {
    data = tmp.resolve("data");
    shadowRoot = tmp.resolve("shadow");
    Files.createDirectories(data.resolve("db/logs"));
    Files.createDirectories(data.resolve("becomes-file/inner"));
    Files.writeString(data.resolve("becomes-file/inner/x.txt"), "x");
    Files.writeString(data.resolve("db/same-size.db"), "balance=100\n");
    Files.writeString(data.resolve("db/grows.log"), "entry 1\n");
    Files.writeString(data.resolve("db/shrinks.log"), "entry 1\nentry 2\nentry 3\n");
    Files.writeString(data.resolve("db/vanishes.tmp"), "temporary");
    Files.writeString(data.resolve("db/becomes-dir"), "a file for now");
    Files.writeString(data.resolve("db/chmod.conf"), "mode changes");
    Files.writeString(data.resolve("db/untouched.txt"), "stays");
    Files.write(data.resolve("db/table.dat"), random(3 * MB + 123, 1));
    Files.createSymbolicLink(data.resolve("db/current"), Path.of("grows.log"));
    try (Stream<Path> walk = Files.walk(data)) {
      for (Path p : walk.filter(p -> !Files.isSymbolicLink(p)).toList()) {
        Files.setLastModifiedTime(p, OLD);
      }
    }
  }

  /** The changes of every kind, made between the pre-copy and the freeze. */
  private void changeEverything() throws IOException {
    Path sameSize = data.resolve("db/same-size.db");
    FileTime mtime = Files.getLastModifiedTime(sameSize);
    Files.writeString(sameSize, "balance=999\n");
    Files.setLastModifiedTime(sameSize, mtime);
    Files.writeString(
        data.resolve("db/grows.log"), "entry 2\n", java.nio.file.StandardOpenOption.APPEND);
    try (RandomAccessFile file =
        new RandomAccessFile(data.resolve("db/shrinks.log").toFile(), "rw")) {
      file.setLength(8);
    }
    Files.delete(data.resolve("db/vanishes.tmp"));
    Files.writeString(data.resolve("db/appears.txt"), "new");
    Files.createDirectories(data.resolve("new-dir/deep"));
    Files.writeString(data.resolve("new-dir/deep/file"), "deep");
    Files.delete(data.resolve("db/becomes-dir"));
    Files.createDirectory(data.resolve("db/becomes-dir"));
    Files.writeString(data.resolve("db/becomes-dir/child"), "child");
    Trees.deleteTree(data.resolve("becomes-file"));
    Files.writeString(data.resolve("becomes-file"), "now a file");
    Files.setPosixFilePermissions(
        data.resolve("db/chmod.conf"), PosixFilePermissions.fromString("rw-------"));
    Path table = data.resolve("db/table.dat");
    FileTime tableTime = Files.getLastModifiedTime(table);
    try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
      for (long page : new long[] {0, 17, 400}) {
        file.seek(page * 4096 + 100);
        file.write("changed in place".getBytes(StandardCharsets.UTF_8));
      }
    }
    Files.setLastModifiedTime(table, tableTime);
    Files.delete(data.resolve("db/current"));
    Files.createSymbolicLink(data.resolve("db/current"), Path.of("appears.txt"));
    Files.setLastModifiedTime(data.resolve("db"), OLD);
  }

  @Test
  void everyKindOfChangeEndsAsAFullCopyWouldWithCp() throws IOException {
    assumeTrue(
        CpFileCopier.isAvailable(new ProcessCommandRunner()),
        "GNU cp is not on PATH: the cp path cannot run here");
    assertLikeAFullCopy(
        CopySnapshotProvider.builder().shadowRoot(shadowRoot).preCopyFrom(0).build());
  }

  @Test
  void everyKindOfChangeEndsAsAFullCopyWouldWithFilesCopy() throws IOException {
    assertLikeAFullCopy(
        CopySnapshotProvider.builder()
            .shadowRoot(shadowRoot)
            .javaCopyOnly()
            .preCopyFrom(0)
            .build());
  }

  @Test
  void everyKindOfChangeEndsAsAFullCopyWouldWhenStampsAreTrusted() throws IOException {
    // No clock margin: the stamps of the untouched files are trusted, those of the changed files
    // differ (ctime moved, even where mtime and size were put back).
    assertLikeAFullCopy(
        CopySnapshotProvider.builder()
            .shadowRoot(shadowRoot)
            .javaCopyOnly()
            .clockMargin(Duration.ZERO)
            .preCopyFrom(0)
            .build());
  }

  private void assertLikeAFullCopy(CopySnapshotProvider provider) throws IOException {
    List<Path> paths = List.of(data);
    try (SnapshotPreparation preparation = provider.prepare(id, paths)) {
      assertTrue(Files.isDirectory(preCopy()), "the pre-copy is made before the freeze");
      FilesystemClock.awaitPast(tmp, Instant.now());
      changeEverything();
      CopySnapshotProvider full =
          CopySnapshotProvider.builder()
              .shadowRoot(tmp.resolve("full"))
              .javaCopyOnly()
              .noPreCopy()
              .build();
      try (Snapshot updated = provider.take(id, paths);
          Snapshot copied = full.take(SnapshotSetId.random(), paths)) {
        assertFalse(Files.exists(preCopy()), "the pre-copy became the snapshot");
        assertEquals(TreeImage.of(copied.pathOf(data)), TreeImage.of(updated.pathOf(data)));
        assertEquals(TreeImage.of(data), TreeImage.of(updated.pathOf(data)));
        assertEquals(
            "balance=999\n", Files.readString(updated.pathOf(data.resolve("db/same-size.db"))));
      }
    }
    assertShadowRootEmpty();
  }

  @Test
  void anUntouchedFileOlderThanTheMarginIsNotReadAgain() throws IOException {
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder()
            .shadowRoot(shadowRoot)
            .javaCopyOnly()
            .clockMargin(Duration.ZERO)
            .preCopyFrom(0)
            .build();
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      // Only a copy that is never read again keeps what is written into it here.
      Files.writeString(FileCopier.shadowOf(preCopy(), data.resolve("db/untouched.txt")), "MARK!");
      try (Snapshot snapshot = provider.take(id, List.of(data))) {
        assertEquals("MARK!", Files.readString(snapshot.pathOf(data.resolve("db/untouched.txt"))));
      }
    }
  }

  @Test
  void aFileChangedWithinTheClockMarginOfThePreCopyIsComparedEvenWithItsStampUnchanged()
      throws IOException {
    // The files were written just now, within the default 2 s margin: a write in the same clock
    // tick as the pre-copy's stat would leave the stamp as it was, so the stamp proves nothing.
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder().shadowRoot(shadowRoot).javaCopyOnly().preCopyFrom(0).build();
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      Files.writeString(FileCopier.shadowOf(preCopy(), data.resolve("db/untouched.txt")), "STALE");
      try (Snapshot snapshot = provider.take(id, List.of(data))) {
        assertEquals("stays", Files.readString(snapshot.pathOf(data.resolve("db/untouched.txt"))));
      }
    }
  }

  @Test
  void aFileDeletedWhileThePreCopyIsUpdatedIsReportedVanishedAndLeftOut() throws IOException {
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder().shadowRoot(shadowRoot).javaCopyOnly().preCopyFrom(0).build();
    Path victim = data.resolve("db/grows.log");
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      ShadowPlanner.WalkProbe deleteOnceListed =
          path -> {
            if (path.equals(victim)) {
              Files.delete(victim);
              Files.setLastModifiedTime(victim.getParent(), OLD); // as the walk saw it
            }
          };
      try (Snapshot snapshot = provider.take(id, List.of(data), deleteOnceListed)) {
        assertEquals(List.of(victim), snapshot.vanished());
        assertFalse(Files.exists(snapshot.pathOf(victim)), "its pre-copy is not handed out");
        assertEquals(TreeImage.of(data), TreeImage.of(snapshot.pathOf(data)));
      }
    }
    assertShadowRootEmpty();
  }

  @Test
  void aSetThatFailsBeforeItsTakeLeavesNoPreCopy() throws IOException {
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder().shadowRoot(shadowRoot).javaCopyOnly().preCopyFrom(0).build();
    SnapshotPreparation preparation = provider.prepare(id, List.of(data));
    assertTrue(Files.isDirectory(preCopy()));
    preparation.close();
    preparation.close();
    assertShadowRootEmpty();
    try (Snapshot snapshot = provider.take(id, List.of(data))) {
      assertEquals(TreeImage.of(data), TreeImage.of(snapshot.pathOf(data)), "a full copy then");
    }
    assertShadowRootEmpty();
  }

  @Test
  void closingThePreparationAfterTheTakeLeavesTheSnapshotAlone() throws IOException {
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder().shadowRoot(shadowRoot).javaCopyOnly().preCopyFrom(0).build();
    SnapshotPreparation preparation = provider.prepare(id, List.of(data));
    try (Snapshot snapshot = provider.take(id, List.of(data))) {
      preparation.close();
      assertEquals(TreeImage.of(data), TreeImage.of(snapshot.pathOf(data)));
    }
    assertShadowRootEmpty();
  }

  @Test
  void aTakeThatFailsWhileUpdatingThePreCopyLeavesNothingBehind() throws IOException {
    FileCopier failing =
        new FileCopier() {
          @Override
          public List<Path> copy(List<Path> files, Path shadow) throws IOException {
            if (files.stream().anyMatch(f -> f.endsWith("appears.txt"))) {
              throw new IOException("disk on fire while copying " + files);
            }
            return new JavaFileCopier().copy(files, shadow);
          }

          @Override
          public String describe() {
            return "failing on appears.txt";
          }
        };
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder()
            .shadowRoot(shadowRoot)
            .copier(failing)
            .preCopyFrom(0)
            .build();
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      changeEverything();
      IOException e = assertThrows(IOException.class, () -> provider.take(id, List.of(data)));
      assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    }
    assertShadowRootEmpty();
  }

  @Test
  void aPreCopyThatFailsLeavesTheWholeCopyToTheTake() throws IOException {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    FileCopier replacedOnce =
        new FileCopier() {
          @Override
          public List<Path> copy(List<Path> files, Path shadow) throws IOException {
            List<Path> copied = new JavaFileCopier().copy(files, shadow);
            if (calls.getAndIncrement() == 0) {
              throw new IOException("cp: 'db/grows.log': replaced while being copied");
            }
            return copied;
          }

          @Override
          public String describe() {
            return "failing its first copy";
          }
        };
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder()
            .shadowRoot(shadowRoot)
            .copier(replacedOnce)
            .clockMargin(Duration.ZERO)
            .preCopyFrom(0)
            .build();
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      assertFalse(Files.exists(preCopy()), "nothing of the failed pre-copy is kept");
      changeEverything();
      try (Snapshot snapshot = provider.take(id, List.of(data))) {
        assertEquals(
            "balance=999\n", Files.readString(snapshot.pathOf(data.resolve("db/same-size.db"))));
        assertEquals(
            -1,
            Files.mismatch(
                data.resolve("db/table.dat"), snapshot.pathOf(data.resolve("db/table.dat"))));
      }
    }
    assertShadowRootEmpty();
  }

  @Test
  void aSetSmallerThanThePreCopyThresholdIsCopiedInsideTheFreezeOnly() throws IOException {
    long bytes = bytesOfData();
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder().shadowRoot(shadowRoot).preCopyFrom(bytes + 1).build();
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      assertFalse(Files.exists(preCopy()), "below the threshold: no pre-copy");
      changeEverything();
      try (Snapshot snapshot = provider.take(id, List.of(data))) {
        assertEquals(
            "balance=999\n", Files.readString(snapshot.pathOf(data.resolve("db/same-size.db"))));
        assertEquals(
            -1,
            Files.mismatch(
                data.resolve("db/table.dat"), snapshot.pathOf(data.resolve("db/table.dat"))));
      }
    }
    CopySnapshotProvider atThreshold =
        CopySnapshotProvider.builder().shadowRoot(shadowRoot).preCopyFrom(bytesOfData()).build();
    try (SnapshotPreparation preparation = atThreshold.prepare(id, List.of(data))) {
      assertTrue(Files.isDirectory(preCopy()), "at the threshold: pre-copied");
    }
    assertShadowRootEmpty();
  }

  private long bytesOfData() throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      return files
          .filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .mapToLong(f -> f.toFile().length())
          .sum();
    }
  }

  @Test
  void aShadowRootThatClonesGetsNoPreCopy() throws IOException {
    FakeCommandRunner clones =
        new FakeCommandRunner(
            java.util.Set.of("cp"),
            command ->
                command.contains("--version")
                    ? FakeCommandRunner.ok(command, "cp (GNU coreutils) 9.4")
                    : FakeCommandRunner.ok(command, ""));
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder()
            .shadowRoot(shadowRoot)
            .commandRunner(clones)
            .preCopyFrom(0)
            .build();
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      assertFalse(Files.exists(preCopy()), "a clone is quicker than a pre-copy and a comparison");
      assertEquals(List.of(), ((CopyPreparation) preparation).fragmented());
    }
  }

  @Test
  void stampsAreTrustedOnlyWhenEqualAndOlderThanTheMargin() {
    Instant from = Instant.parse("2026-01-01T00:00:10Z");
    FileTime old = FileTime.from(Instant.parse("2026-01-01T00:00:07Z"));
    FileTime recent = FileTime.from(Instant.parse("2026-01-01T00:00:09Z"));
    FileStamp stamp = new FileStamp(10, old, old, "1:2", 0644);
    Duration margin = Duration.ofSeconds(2);
    assertTrue(stamp.trustedAgainst(new FileStamp(10, old, old, "1:2", 0644), from, margin));
    assertFalse(
        stamp.trustedAgainst(new FileStamp(10, old, recent, "1:2", 0644), from, margin),
        "ctime moved");
    assertFalse(
        stamp.trustedAgainst(new FileStamp(11, old, old, "1:2", 0644), from, margin), "size");
    assertFalse(
        stamp.trustedAgainst(new FileStamp(10, old, old, "1:3", 0644), from, margin), "inode");
    FileStamp racy = new FileStamp(10, recent, recent, "1:2", 0644);
    assertFalse(racy.trustedAgainst(racy, from, margin), "within the margin of the pre-copy");
    FileStamp noCtime = new FileStamp(10, old, null, "1:2", 0644);
    assertFalse(noCtime.trustedAgainst(noCtime, from, margin), "no ctime, no proof");
  }

  @Test
  void blockDeltaWritesOnlyTheDifferingPagesAndFollowsSizeChanges() throws IOException {
    byte[] original = random(4 * MB + 10, 2);
    Path source = Files.write(tmp.resolve("source"), original);
    Path copy = Files.write(tmp.resolve("copy"), original);
    try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
      for (long page : new long[] {3, 4, 700, 1023}) {
        file.seek(page * BlockDelta.PAGE + 1);
        file.write(0x5A ^ original[(int) (page * BlockDelta.PAGE + 1)]);
      }
    }
    BlockDelta delta = new BlockDelta();
    assertEquals(new BlockDelta.Result(false, 4L * BlockDelta.PAGE), delta.patch(source, copy));
    assertEquals(-1, Files.mismatch(source, copy));
    assertEquals(Files.getLastModifiedTime(source), Files.getLastModifiedTime(copy));

    Files.write(source, random(100, 3), java.nio.file.StandardOpenOption.APPEND);
    assertEquals(new BlockDelta.Result(false, 110), delta.patch(source, copy), "the new tail");
    assertEquals(-1, Files.mismatch(source, copy));

    try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
      file.setLength(MB + 5);
    }
    assertEquals(new BlockDelta.Result(false, 0), delta.patch(source, copy), "only truncated");
    assertEquals(-1, Files.mismatch(source, copy));

    Files.delete(source);
    assertEquals(new BlockDelta.Result(true, 0), delta.patch(source, copy));
    assertNotEquals(0, Files.size(copy), "a vanished source leaves the copy to the caller");
  }

  private Path preCopy() {
    return shadowRoot.resolve(id + CopySnapshotProvider.PRE_COPY_SUFFIX);
  }

  private void assertShadowRootEmpty() throws IOException {
    try (Stream<Path> left = Files.list(shadowRoot)) {
      assertEquals(List.of(), left.toList(), "nothing is left in the shadow root");
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
