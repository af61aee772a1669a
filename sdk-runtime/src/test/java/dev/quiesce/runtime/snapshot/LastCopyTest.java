package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotPreparation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy provider's last copy: a snapshot links from the one before only files proved unchanged
 * on both sides, never writes a linked file, and keeps nothing an archive does not share.
 */
class LastCopyTest {
  @TempDir Path tmp;
  private Path data;
  private Path shadowRoot;
  private Path archives;
  private int archived;

  @BeforeEach
  void makeTree() throws IOException {
    data = Files.createDirectories(tmp.resolve("data/db"));
    shadowRoot = tmp.resolve("shadow");
    archives = Files.createDirectories(tmp.resolve("archives"));
    for (String name : List.of("a.dat", "b.dat", "c.log", "d.idx")) {
      Files.write(data.resolve(name), random(64 * 1024 + name.length(), name.hashCode()));
    }
    FilesystemClock.awaitPast(tmp, Instant.now());
  }

  private CopySnapshotProvider.Builder provider() {
    return CopySnapshotProvider.builder().shadowRoot(shadowRoot).clockMargin(Duration.ZERO);
  }

  @Test
  void unchangedFilesAreLinkedFromTheLastCopyAndChangedOnesCopied() throws IOException {
    CopySnapshotProvider provider = provider().build();
    Path first = backUp(provider);
    Files.writeString(data.resolve("c.log"), "appended", java.nio.file.StandardOpenOption.APPEND);
    Path second;
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data))) {
      for (String name : List.of("a.dat", "b.dat", "d.idx")) {
        assertTrue(
            Files.isSameFile(first.resolve(name), snapshot.pathOf(data.resolve(name))),
            name + " is linked from the last copy");
      }
      Path log = snapshot.pathOf(data.resolve("c.log"));
      assertFalse(Files.isSameFile(first.resolve("c.log"), log), "the changed file is copied");
      assertSameContents(snapshot);
      second = archive(snapshot);
    }
    assertArrayEquals(
        Files.readAllBytes(data.resolve("a.dat")), Files.readAllBytes(second.resolve("a.dat")));
  }

  @Test
  void aFileReadableByOthersIsLinkedWithItsMode() throws IOException {
    Files.setPosixFilePermissions(
        data.resolve("b.dat"), PosixFilePermissions.fromString("rw-r--r--"));
    FilesystemClock.awaitPast(tmp, Instant.now());
    CopySnapshotProvider provider = provider().build();
    Path first = backUp(provider);
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data))) {
      assertTrue(Files.isSameFile(first.resolve("b.dat"), snapshot.pathOf(data.resolve("b.dat"))));
      assertSameContents(snapshot); // b.dat's rw-r--r-- included
    }
  }

  @Test
  void aCopyWhoseModeWasChangedIsNeitherKeptNorLinked() throws IOException {
    CopySnapshotProvider provider = provider().build();
    Path first;
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data))) {
      first = archive(snapshot);
      // Before the close: the copy no longer has its original's mode, so it is not kept.
      Files.setPosixFilePermissions(
          first.resolve("b.dat"), PosixFilePermissions.fromString("r--------"));
    }
    assertFalse(Files.exists(FileCopier.shadowOf(lastCopy(), data.resolve("b.dat"))));
    // After the close: a kept copy's mode changed since, so it is not linked.
    Files.setPosixFilePermissions(
        first.resolve("a.dat"), PosixFilePermissions.fromString("r--------"));
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data))) {
      assertFalse(Files.isSameFile(first.resolve("a.dat"), snapshot.pathOf(data.resolve("a.dat"))));
      assertFalse(Files.isSameFile(first.resolve("b.dat"), snapshot.pathOf(data.resolve("b.dat"))));
      assertTrue(Files.isSameFile(first.resolve("c.log"), snapshot.pathOf(data.resolve("c.log"))));
      assertSameContents(snapshot);
    }
  }

  @Test
  void theShadowThePreCopyAndTheLastCopyAreDirectoriesOnlyTheOwnerCanEnter() throws IOException {
    CopySnapshotProvider provider = provider().preCopyFrom(0).build();
    SnapshotSetId id = SnapshotSetId.random();
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      assertEquals(
          "rwx------", mode(shadowRoot.resolve(id + CopySnapshotProvider.PRE_COPY_SUFFIX)));
      try (Snapshot snapshot = provider.take(id, List.of(data))) {
        assertEquals("rwx------", mode(shadowRoot.resolve(id.toString())));
        archive(snapshot);
      }
    }
    assertEquals("rwx------", mode(lastCopy()));
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void aKeptCopyWrittenToSinceIsCopiedAgainNotLinked() throws IOException {
    CopySnapshotProvider provider = provider().build();
    Path first = backUp(provider);
    // Written through the archive's name of the same file (the mtime moves with the write).
    try (RandomAccessFile file = new RandomAccessFile(first.resolve("a.dat").toFile(), "rw")) {
      file.seek(100);
      file.write(new byte[] {9, 9, 9});
    }
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data))) {
      assertFalse(Files.isSameFile(first.resolve("a.dat"), snapshot.pathOf(data.resolve("a.dat"))));
      assertTrue(Files.isSameFile(first.resolve("b.dat"), snapshot.pathOf(data.resolve("b.dat"))));
      assertSameContents(snapshot);
    }
  }

  @Test
  void deletingTheArchiveThatSharesAKeptCopyDoesNotStopTheLink() throws IOException {
    CopySnapshotProvider provider = provider().build();
    Path first = backUp(provider);
    Object inode = Files.getAttribute(first.resolve("a.dat"), "unix:ino");
    try (Stream<Path> files = Files.list(first)) {
      for (Path file : files.toList()) {
        Files.delete(file); // changes the kept copies' ctime, not their contents
      }
    }
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data))) {
      assertEquals(inode, Files.getAttribute(snapshot.pathOf(data.resolve("a.dat")), "unix:ino"));
      assertSameContents(snapshot);
    }
  }

  @Test
  void aFileLinkedByThePreCopyAndChangedBeforeTheFreezeIsCopiedWholeNeverPatched()
      throws IOException {
    CopySnapshotProvider provider = provider().preCopyFrom(0).build();
    Path first = backUp(provider);
    byte[] archived = Files.readAllBytes(first.resolve("a.dat"));
    SnapshotSetId id = SnapshotSetId.random();
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      Path preCopied =
          FileCopier.shadowOf(
              shadowRoot.resolve(id + CopySnapshotProvider.PRE_COPY_SUFFIX), data.resolve("a.dat"));
      assertTrue(Files.isSameFile(first.resolve("a.dat"), preCopied), "linked by the pre-copy");
      try (RandomAccessFile file = new RandomAccessFile(data.resolve("a.dat").toFile(), "rw")) {
        file.seek(4096 * 3 + 7); // same size: a patch would write this one page
        file.write(new byte[] {1, 2, 3});
      }
      try (Snapshot snapshot = provider.take(id, List.of(data))) {
        assertSameContents(snapshot);
        assertFalse(
            Files.isSameFile(first.resolve("a.dat"), snapshot.pathOf(data.resolve("a.dat"))));
      }
    }
    assertArrayEquals(archived, Files.readAllBytes(first.resolve("a.dat")), "archive untouched");
  }

  @Test
  void aLastCopyDeletedBehindTheProvidersBackIsCopiedAgain() throws IOException {
    CopySnapshotProvider provider = provider().build();
    backUp(provider);
    Trees.deleteTree(lastCopy());
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data))) {
      assertSameContents(snapshot);
    }
  }

  @Test
  void onlyTheNewestLastCopyStaysAndOnesLeftByStoppedProcessesGo() throws IOException {
    Path stale = Files.createDirectories(shadowRoot.resolve("stale" + LastCopy.SUFFIX + "/x"));
    CopySnapshotProvider provider = provider().build();
    backUp(provider);
    Path one = lastCopy();
    Path second = backUp(provider);
    assertEquals(List.of(lastCopy()), kept());
    assertFalse(Files.exists(one), "the one before is replaced");
    assertFalse(Files.exists(stale), "one left behind is deleted");
    // The archives share what did not change, each a whole copy.
    assertTrue(Files.isSameFile(archives.resolve("archive-0/a.dat"), second.resolve("a.dat")));
  }

  @Test
  void withDeleteEachCopyNothingStaysAndNothingIsLinked() throws IOException {
    CopySnapshotProvider provider = provider().deleteEachCopy().build();
    Path first = backUp(provider);
    try (Stream<Path> left = Files.list(shadowRoot)) {
      assertEquals(List.of(), left.toList());
    }
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data))) {
      assertFalse(Files.isSameFile(first.resolve("a.dat"), snapshot.pathOf(data.resolve("a.dat"))));
    }
  }

  @Test
  void copiesNothingSharesAreDeletedAtClose() throws IOException {
    CopySnapshotProvider provider = provider().build();
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data))) {
      assertSameContents(snapshot); // not archived: no other name
    }
    try (Stream<Path> left = Files.list(shadowRoot)) {
      assertEquals(List.of(), left.toList());
    }
  }

  private Path lastCopy() throws IOException {
    List<Path> kept = kept();
    assertEquals(1, kept.size(), "one last copy: " + kept);
    return kept.get(0);
  }

  private List<Path> kept() throws IOException {
    List<Path> kept = new ArrayList<>();
    try (Stream<Path> entries = Files.list(shadowRoot)) {
      entries.filter(p -> p.getFileName().toString().endsWith(LastCopy.SUFFIX)).forEach(kept::add);
    }
    return kept;
  }

  @Test
  void aSetOfOtherRootsLinksFromTheLastCopyAndLeavesItInPlace() throws IOException {
    CopySnapshotProvider provider = provider().build();
    Path first = backUp(provider);
    Path last = lastCopy();
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("z.dat"), "other root");
    // Not the same roots: the last copy is not taken over, only linked from.
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data, other))) {
      assertTrue(Files.isSameFile(first.resolve("a.dat"), snapshot.pathOf(data.resolve("a.dat"))));
      assertEquals("other root", Files.readString(snapshot.pathOf(other.resolve("z.dat"))));
      assertSameContents(snapshot);
      assertTrue(Files.isDirectory(last), "the last copy stays where it is");
    }
  }

  /** Takes a snapshot, archives it by hard link (as the archive writer does) and closes it. */
  private Path backUp(CopySnapshotProvider provider) throws IOException {
    try (Snapshot snapshot = provider.take(SnapshotSetId.random(), List.of(data))) {
      assertSameContents(snapshot);
      return archive(snapshot);
    }
  }

  private Path archive(Snapshot snapshot) throws IOException {
    Path archive = Files.createDirectories(archives.resolve("archive-" + archived++));
    try (Stream<Path> files = Files.list(data)) {
      for (Path file : files.toList()) {
        Path copy = snapshot.pathOf(file);
        Path target = archive.resolve(file.getFileName().toString());
        Files.createLink(target, copy); // as the archive writer does: mode left as it is
      }
    }
    return archive;
  }

  private void assertSameContents(Snapshot snapshot) throws IOException {
    try (Stream<Path> files = Files.list(data)) {
      for (Path file : files.toList()) {
        assertArrayEquals(
            Files.readAllBytes(file),
            Files.readAllBytes(snapshot.pathOf(file)),
            file + " in the snapshot");
        assertEquals(
            Files.getPosixFilePermissions(file),
            Files.getPosixFilePermissions(snapshot.pathOf(file)),
            file + "'s permissions in the snapshot");
      }
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
