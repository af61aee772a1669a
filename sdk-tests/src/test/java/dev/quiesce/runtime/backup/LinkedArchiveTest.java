package dev.quiesce.runtime.backup;

import static dev.quiesce.api.WriterEvent.FREEZE;
import static dev.quiesce.api.WriterEvent.POST_SNAPSHOT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ArchiveVerifier;
import dev.quiesce.runtime.archive.FileEntry;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.PassThroughSnapshotProvider;
import dev.quiesce.runtime.testing.SmallTmpfs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive takes the copy provider's shadow copy by hard link when both are on one filesystem,
 * so that the backup writes the data once: the archive's file is the shadow's file under a second
 * name, it outlives the snapshot, a later backup (whose pre-copy is patched in place) never changes
 * it, and the live data is never linked, made private or touched.
 */
class LinkedArchiveTest {
  @TempDir Path tmp;

  @Test
  void theArchiveIsTheShadowCopyUnderASecondNameAndOutlivesTheSnapshot() throws IOException {
    Path live = Data.tree(tmp.resolve("live/db"));
    Path orders = live.resolve("orders.db");
    Files.setPosixFilePermissions(orders, PosixFilePermissions.fromString("rw-r-----"));
    Path shadow = tmp.resolve("shadow");
    Path archive = tmp.resolve("archive");
    AtomicReference<Object> shadowInode = new AtomicReference<>();
    try (BackupRig rig =
        BackupRig.builder(new CopySnapshotProvider(shadow)).writer("db", live).build()) {
      rig.w("db").writer().on(POST_SNAPSHOT, (c, r) -> shadowInode.set(inodeOf(shadow, orders)));

      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
    }

    Manifest manifest = ArchiveVerifier.verify(archive);
    Path archived = archived(archive, manifest, orders);
    assertNotNull(shadowInode.get(), "the shadow copy of orders.db was found at PostSnapshot");
    assertEquals(shadowInode.get(), Files.getAttribute(archived, "unix:ino"), "the same file");
    // The snapshot's name is gone; the provider keeps the copy as its last copy, for the next.
    assertEquals(2, Files.getAttribute(archived, "unix:nlink"));
    try (Stream<Path> left = Files.list(shadow)) {
      assertEquals(
          List.of(true),
          left.map(p -> p.getFileName().toString().endsWith(".last")).toList(),
          "only the last copy is left in the shadow root");
    }
    assertEquals(
        "rw-r-----",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(archived)),
        "the link keeps the copy's (the live file's) permissions");
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.resolve("data"))),
        "inside a directory only the owner can enter");
    assertEquals("rw-r-----", entry(manifest, orders).permissions(), "the live file's, recorded");
    assertEquals(
        "rw-r-----",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(orders)),
        "the live file is untouched");
    assertEquals(1, Files.getAttribute(orders, "unix:nlink"));
    assertArrayEquals(Files.readAllBytes(orders), Files.readAllBytes(archived));
  }

  @Test
  void aRequestorOfTheDaemonLinksTheDaemonsShadowCopyToo() throws Exception {
    Path live = Data.tree(tmp.resolve("live/db"));
    Path orders = live.resolve("orders.db");
    Path shadow = tmp.resolve("shadow");
    Path archive = tmp.resolve("archive");
    AtomicReference<Object> shadowInode = new AtomicReference<>();
    try (BackupRig rig =
            BackupRig.builder(new CopySnapshotProvider(shadow)).writer("db", live).build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(tmp.resolve("q.sock")));
        RemoteCoordinator remote = RemoteCoordinator.connect(daemon.socket(), "linked")) {
      rig.w("db").writer().on(POST_SNAPSHOT, (c, r) -> shadowInode.set(inodeOf(shadow, orders)));

      new BackupApplication(remote).backup(BackupOptions.full(), archive, ProgressListener.none());
    }

    Path archived = archived(archive, ArchiveVerifier.verify(archive), orders);
    assertEquals(shadowInode.get(), Files.getAttribute(archived, "unix:ino"));
    assertArrayEquals(Files.readAllBytes(orders), Files.readAllBytes(archived));
  }

  @Test
  void aLaterBackupNeverChangesAnArchiveAlreadyWritten() throws IOException {
    Path live = Data.tree(tmp.resolve("live/db"));
    Path orders = live.resolve("orders.db");
    byte[] first = Files.readAllBytes(orders);
    Path shadow = tmp.resolve("shadow");
    // Pre-copied although small: the second backup's pre-copy update is what must not reach one.
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder().shadowRoot(shadow).preCopyFrom(0).build();
    try (BackupRig rig = BackupRig.builder(provider).writer("db", live).build()) {
      rig.app.backup(BackupOptions.full(), tmp.resolve("one"), ProgressListener.none());
      try (RandomAccessFile file = new RandomAccessFile(orders.toFile(), "rw")) {
        file.seek(4096 * 2);
        file.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      }
      rig.app.backup(BackupOptions.full(), tmp.resolve("two"), ProgressListener.none());

      rig.app.restore(
          tmp.resolve("one"), Optional.of(tmp.resolve("restored")), ProgressListener.none());
    }

    Manifest one = ArchiveVerifier.verify(tmp.resolve("one"));
    assertArrayEquals(first, Files.readAllBytes(archived(tmp.resolve("one"), one, orders)));
    assertArrayEquals(first, Files.readAllBytes(Data.under(tmp.resolve("restored"), orders)));
    Manifest two = ArchiveVerifier.verify(tmp.resolve("two"));
    assertArrayEquals(
        Files.readAllBytes(orders), Files.readAllBytes(archived(tmp.resolve("two"), two, orders)));
  }

  @Test
  void laterBackupsShareTheUnchangedFilesWithEarlierArchivesAndNeverChangeThem()
      throws IOException {
    Path live = Data.tree(tmp.resolve("live/db"));
    Path orders = live.resolve("orders.db");
    Path index = live.resolve("sub/index.idx");
    Files.setPosixFilePermissions(index, PosixFilePermissions.fromString("rw-r--r--"));
    awaitFilesystemClockPast(Instant.now());
    byte[] first = Files.readAllBytes(orders);
    Path shadow = tmp.resolve("shadow");
    // Pre-copied although small, so that orders.db, unchanged at the pre-copy and so linked from
    // the first backup's copy, is changed in the freeze: it must be copied, never patched.
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder()
            .shadowRoot(shadow)
            .preCopyFrom(0)
            .clockMargin(Duration.ZERO)
            .build();
    AtomicBoolean change = new AtomicBoolean();
    try (BackupRig rig = BackupRig.builder(provider).writer("db", live).build()) {
      rig.w("db")
          .writer()
          .on(
              FREEZE,
              (c, r) -> {
                if (change.get()) {
                  try (RandomAccessFile file = new RandomAccessFile(orders.toFile(), "rw")) {
                    file.seek(4096 * 2);
                    file.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
                  }
                }
              });
      rig.app.backup(BackupOptions.full(), tmp.resolve("one"), ProgressListener.none());
      change.set(true);
      rig.app.backup(BackupOptions.full(), tmp.resolve("two"), ProgressListener.none());
    }

    Manifest one = ArchiveVerifier.verify(tmp.resolve("one"));
    Manifest two = ArchiveVerifier.verify(tmp.resolve("two"));
    assertArrayEquals(first, Files.readAllBytes(archived(tmp.resolve("one"), one, orders)));
    assertArrayEquals(
        Files.readAllBytes(orders), Files.readAllBytes(archived(tmp.resolve("two"), two, orders)));
    assertTrue(
        Files.isSameFile(
            archived(tmp.resolve("one"), one, index), archived(tmp.resolve("two"), two, index)),
        "the unchanged index is one file in both archives");
    assertEquals("rw-r--r--", entry(two, index).permissions(), "the live file's, as in one");
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

  @Test
  void liveFilesHandedOutByASnapshotAreCopiedNeverLinked() throws IOException {
    Path live = Data.tree(tmp.resolve("live/db"));
    Path orders = live.resolve("orders.db");
    Files.setPosixFilePermissions(orders, PosixFilePermissions.fromString("rw-r--r--"));
    Path archive = tmp.resolve("archive");
    try (BackupRig rig =
        BackupRig.builder(new PassThroughSnapshotProvider()).writer("db", live).build()) {
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
    }

    Path archived = archived(archive, ArchiveVerifier.verify(archive), orders);
    assertNotEquals(
        Files.getAttribute(orders, "unix:ino"), Files.getAttribute(archived, "unix:ino"));
    assertEquals(1, Files.getAttribute(orders, "unix:nlink"));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(orders)));
  }

  @Test
  void aShadowOnAnotherFilesystemIsCopied() throws IOException, InterruptedException {
    Path live = Data.tree(tmp.resolve("live/db"));
    Path orders = live.resolve("orders.db");
    Path archive = tmp.resolve("archive");
    try (SmallTmpfs tmpfs = SmallTmpfs.mount(tmp.resolve("tmpfs"), "16m");
        BackupRig rig =
            BackupRig.builder(new CopySnapshotProvider(tmpfs.dir().resolve("shadow")))
                .writer("db", live)
                .build()) {
      rig.app.backup(BackupOptions.full(), archive, ProgressListener.none());
    }

    Path archived = archived(archive, ArchiveVerifier.verify(archive), orders);
    assertArrayEquals(Files.readAllBytes(orders), Files.readAllBytes(archived));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(archived)),
        "a copied file is created owner-only");
  }

  private static Object inodeOf(Path shadowRoot, Path original) throws IOException {
    try (Stream<Path> files = Files.walk(shadowRoot)) {
      Path copy =
          files
              .filter(p -> p.endsWith(original.getRoot().relativize(original)))
              .findFirst()
              .orElseThrow(() -> new IOException("no shadow copy of " + original));
      return Files.getAttribute(copy, "unix:ino");
    }
  }

  private static FileEntry entry(Manifest manifest, Path original) {
    return manifest.files().stream()
        .filter(f -> f.originalPath().equals(original.toAbsolutePath().normalize()))
        .findFirst()
        .orElseThrow();
  }

  private static Path archived(Path archive, Manifest manifest, Path original) {
    return archive.resolve(entry(manifest, original).archivePath());
  }
}
