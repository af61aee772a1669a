package dev.quiesce.runtime.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.PostSnapshotContext;
import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.PrepareBackupContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ArchiveChain;
import dev.quiesce.runtime.archive.ChainLink;
import dev.quiesce.runtime.archive.ComponentValue;
import dev.quiesce.runtime.archive.InvalidArchiveException;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental and differential backups through {@link BackupApplication}: a chain of one full,
 * incremental and differential backups, with the writer's files changing between them, restores
 * each archive to exactly the data of its time; the writer gets its previous stamp; a tampered,
 * replaced or missing link is refused before anything is written.
 */
class IncrementalChainTest {
  @TempDir Path tmp;
  private Path live;
  private final List<Optional<String>> stampsSeen = new ArrayList<>();
  private final List<Optional<String>> metadataAtRestore = new ArrayList<>();
  private final AtomicInteger backups = new AtomicInteger();

  @BeforeEach
  void setUp() throws IOException {
    live = Data.tree(tmp.resolve("live/db"));
  }

  private BackupRig rig() {
    BackupRig rig =
        BackupRig.builder(new CopySnapshotProvider(tmp.resolve("shadow")))
            .writer("db", live)
            .build();
    rig.w("db")
        .writer()
        .on(
            WriterEvent.PREPARE_BACKUP,
            (c, r) ->
                stampsSeen.add(((PrepareBackupContext) c).previousBackupStamp(BackupRig.COMPONENT)))
        .on(
            WriterEvent.POST_SNAPSHOT,
            (c, r) -> {
              int n = backups.incrementAndGet();
              PostSnapshotContext ctx = (PostSnapshotContext) c;
              ctx.setBackupStamp(BackupRig.COMPONENT, "backup " + n);
              ctx.setBackupMetadata(BackupRig.COMPONENT, "label " + n);
            })
        .on(
            WriterEvent.PRE_RESTORE,
            (c, r) ->
                metadataAtRestore.add(((PreRestoreContext) c).backupMetadata(BackupRig.COMPONENT)));
    return rig;
  }

  private Manifest backup(BackupRig rig, BackupType type, Path base, String name)
      throws IOException {
    BackupReport report =
        rig.app.backup(
            BackupOptions.full().withBackupType(type),
            Optional.ofNullable(base),
            tmp.resolve(name),
            ProgressListener.none());
    return report.manifest();
  }

  private Map<String, String> restored(BackupRig rig, String archive) throws IOException {
    Path target = tmp.resolve("restored-" + archive);
    rig.app.restore(tmp.resolve(archive), Optional.of(target), ProgressListener.none());
    return TreeState.writerFiles(Data.under(target, live));
  }

  @Test
  void aChainRestoresEachArchiveToTheDataOfItsTime() throws IOException {
    List<String> archives = List.of("full", "inc1", "inc2", "diff", "inc3");
    List<Map<String, String>> states = new ArrayList<>();
    try (BackupRig rig = rig()) {
      states.add(TreeState.writerFiles(live));
      Manifest full = backup(rig, BackupType.FULL, null, "full");

      Files.writeString(live.resolve("orders.log"), "another order\n", APPEND);
      Files.delete(live.resolve("empty.dat"));
      Files.writeString(live.resolve("sub/new.txt"), "new in inc1\n");
      states.add(TreeState.writerFiles(live));
      Manifest inc1 = backup(rig, BackupType.INCREMENTAL, tmp.resolve("full"), "inc1");

      // Same size, same modification time, other content: only the checksum tells.
      Path index = live.resolve("sub/index.idx");
      FileTime mtime = Files.getLastModifiedTime(index);
      Files.writeString(index, "index v2\n");
      Files.setLastModifiedTime(index, mtime);
      states.add(TreeState.writerFiles(live));
      Manifest inc2 = backup(rig, BackupType.INCREMENTAL, tmp.resolve("inc1"), "inc2");

      Files.write(live.resolve("orders.db"), Data.bytes(64 * 1024, 43));
      states.add(TreeState.writerFiles(live));
      Manifest diff = backup(rig, BackupType.DIFFERENTIAL, tmp.resolve("inc2"), "diff");

      Files.delete(live.resolve("sub/new.txt"));
      Files.writeString(live.resolve("sub/deeper/late.txt"), "late\n");
      states.add(TreeState.writerFiles(live));
      Manifest inc3 = backup(rig, BackupType.INCREMENTAL, tmp.resolve("diff"), "inc3");

      for (int i = 0; i < archives.size(); i++) {
        assertEquals(states.get(i), restored(rig, archives.get(i)), archives.get(i));
      }

      // Only what changed is stored; the rest is kept from the chain.
      assertEquals(states.get(0).size(), full.files().size());
      assertEquals(2, inc1.files().size(), "orders.log and sub/new.txt");
      assertEquals(1, inc2.files().size(), "sub/index.idx, found by its checksum");
      assertEquals(
          List.of("orders.db", "orders.log", "sub/index.idx", "sub/new.txt"),
          diff.files().stream()
              .map(f -> live.relativize(f.originalPath()).toString())
              .sorted()
              .toList(),
          "everything changed since the full backup");
      assertEquals(1, inc3.files().size(), "sub/deeper/late.txt");
      assertEquals(
          List.of(BackupType.FULL, BackupType.INCREMENTAL),
          inc2.backupComponents().chain().stream().map(ChainLink::backupType).toList());
      assertEquals(
          List.of(Path.of("../full")),
          diff.backupComponents().chain().stream().map(ChainLink::archive).toList(),
          "a differential builds on the last full backup");
      assertEquals(
          List.of(BackupType.FULL, BackupType.DIFFERENTIAL),
          inc3.backupComponents().chain().stream().map(ChainLink::backupType).toList());
    }
    // Each writer got the stamp of its base (a differential: the full backup's).
    assertEquals(
        List.of(
            Optional.empty(),
            Optional.of("backup 1"),
            Optional.of("backup 2"),
            Optional.of("backup 1"),
            Optional.of("backup 4")),
        stampsSeen);
    // and at restore the metadata it kept with the archive restored
    assertEquals(
        List.of("label 1", "label 2", "label 3", "label 4", "label 5"),
        metadataAtRestore.stream().map(Optional::orElseThrow).toList());
  }

  @Test
  void theManifestKeepsTheWritersValuesWithTheirChecksums() throws IOException {
    try (BackupRig rig = rig()) {
      Manifest full = backup(rig, BackupType.FULL, null, "full");
      var data = full.backupComponents().components();
      assertEquals(1, data.size());
      assertEquals(BackupType.FULL, data.get(0).backupType());
      assertEquals(Optional.of("backup 1"), data.get(0).value(ComponentValue.Kind.BACKUP_STAMP));
      assertEquals(Optional.of("label 1"), data.get(0).value(ComponentValue.Kind.BACKUP_METADATA));

      Path manifest = tmp.resolve("full/manifest.json");
      Files.writeString(manifest, Files.readString(manifest).replace("\"label 1\"", "\"label X\""));
      InvalidArchiveException e =
          assertThrows(
              InvalidArchiveException.class,
              () ->
                  rig.app.restore(
                      tmp.resolve("full"),
                      Optional.of(tmp.resolve("target")),
                      ProgressListener.none()));
      assertTrue(e.getMessage().contains("does not match its sha256"), e.getMessage());
      assertFalse(Files.exists(tmp.resolve("target")));
    }
  }

  @Test
  void aTamperedReplacedOrMissingLinkIsRefusedBeforeAnyWrite() throws IOException {
    try (BackupRig rig = rig()) {
      backup(rig, BackupType.FULL, null, "full");
      Files.writeString(live.resolve("orders.log"), "another order\n", APPEND);
      backup(rig, BackupType.INCREMENTAL, tmp.resolve("full"), "inc");
      Path target = tmp.resolve("target");
      int restoresBefore = metadataAtRestore.size();

      // a stored file of the full backup changed: found by the chain's verification
      Manifest fullManifest = ArchiveChain.read(tmp.resolve("full")).newest().manifest();
      Path stored =
          tmp.resolve("full")
              .resolve(
                  fullManifest.files().stream()
                      .filter(f -> f.size() > 0)
                      .findFirst()
                      .orElseThrow()
                      .archivePath());
      byte[] original = Files.readAllBytes(stored);
      byte[] changed = original.clone();
      changed[0] ^= 1;
      Files.write(stored, changed);
      assertRefused(rig, target, "");
      Files.write(stored, original);

      // the full backup's manifest replaced (one byte of whitespace): its digest differs
      Path manifest = tmp.resolve("full/manifest.json");
      byte[] json = Files.readAllBytes(manifest);
      Files.writeString(manifest, new String(json, java.nio.charset.StandardCharsets.UTF_8) + "\n");
      assertRefused(rig, target, "is not the archive this backup was based on");
      Files.write(manifest, json);

      // the full backup gone
      Files.move(tmp.resolve("full"), tmp.resolve("moved-away"));
      assertRefused(rig, target, "is missing");
      Files.move(tmp.resolve("moved-away"), tmp.resolve("full"));

      assertEquals(restoresBefore, metadataAtRestore.size(), "no writer got PreRestore");
      assertEquals(TreeState.writerFiles(live), restored(rig, "inc"), "the intact chain restores");
    }
  }

  private void assertRefused(BackupRig rig, Path target, String message) {
    InvalidArchiveException e =
        assertThrows(
            InvalidArchiveException.class,
            () ->
                rig.app.restore(tmp.resolve("inc"), Optional.of(target), ProgressListener.none()));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertFalse(Files.exists(target), "nothing written");
  }

  private static final java.nio.file.StandardOpenOption APPEND =
      java.nio.file.StandardOpenOption.APPEND;
}
