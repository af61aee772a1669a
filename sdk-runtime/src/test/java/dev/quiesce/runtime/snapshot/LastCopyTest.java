package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import java.io.IOException;
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
 * The copy provider's last copy: a snapshot links from the one before only files proved unchanged
 * on both sides, never writes a linked file, and keeps nothing an archive does not share.
 */
class LastCopyTest {
  private static final String PRIVATE = "rw-------";

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
      Files.setPosixFilePermissions(data.resolve(name), PosixFilePermissions.fromString(PRIVATE));
    }
    awaitFilesystemClockPast(Instant.now());
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
        Files.createLink(target, copy);
        if (!PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)).equals(PRIVATE)) {
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(PRIVATE));
        }
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

  /** Waits until a file written now gets a ctime after {@code instant} (the clock ticked). */
  private void awaitFilesystemClockPast(Instant instant) throws IOException {
    Path probe = tmp.resolve("clock-probe");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      Files.writeString(probe, "tick");
      FileTime ctime = (FileTime) Files.getAttribute(probe, "unix:ctime");
      if (ctime.toInstant().isAfter(instant)) {
        Files.delete(probe);
        return;
      }
      assertTrue(System.nanoTime() < deadline, "the filesystem clock did not pass " + instant);
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
