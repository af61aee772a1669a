package dev.quiesce.runtime.archive;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.metadata.DifferencedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, for an incremental or differential archive, which files to store and which to keep from
 * its base. A file is kept when the base's state holds it for the same component with the same
 * size, modification time and permissions and either the writer's differenced files say it did not
 * change since (it is then not read at all) or its SHA-256 in the snapshot is the base's. Every
 * other file is stored; a file of the base that is gone now is in neither list, so a restore does
 * not bring it back.
 */
public final class IncrementalPlanner {
  private static final Logger log = LoggerFactory.getLogger(IncrementalPlanner.class);

  private IncrementalPlanner() {}

  /**
   * What to store and what to keep.
   *
   * @param toStore the writers with, per component, only the files to store
   * @param backupComponents the type, the chain and the kept files, for the manifest (its component
   *     data is left empty for the caller to add)
   */
  public record Increment(List<WriterFiles> toStore, BackupComponents backupComponents) {}

  /**
   * Plans the archive in {@code archiveDir} as a {@code type} backup built on {@code base}.
   *
   * @param type {@code INCREMENTAL} or {@code DIFFERENTIAL}
   * @param base the base chain: for a differential, it is cut to its last full backup here
   * @param archiveDir where the new archive goes (its chain is recorded relative to it)
   * @param scanned every file of every selected component, as in the snapshot
   * @param changes per component, its type and differenced files; a component not listed keeps
   *     files from the base by comparison
   * @param snapshotPathOf where the snapshot holds the copy of an original path
   * @throws IOException if a file of the snapshot cannot be read
   */
  public static Increment plan(
      BackupType type,
      ArchiveChain base,
      Path archiveDir,
      List<WriterFiles> scanned,
      List<ComponentChanges> changes,
      Function<Path, Path> snapshotPathOf)
      throws IOException {
    if (type != BackupType.INCREMENTAL && type != BackupType.DIFFERENTIAL) {
      throw new IllegalArgumentException(
          "only an INCREMENTAL or DIFFERENTIAL backup is built on a base, not " + type);
    }
    ArchiveChain from = type == BackupType.DIFFERENTIAL ? base.upToLastFull() : base;
    Map<ArchiveChain.Key, ArchiveChain.StateFile> state = new HashMap<>();
    for (ArchiveChain.StateFile f : from.state()) {
      state.put(ArchiveChain.Key.of(f.entry()), f);
    }
    List<WriterFiles> toStore = new ArrayList<>();
    List<CarriedFile> carried = new ArrayList<>();
    int stored = 0;
    for (WriterFiles writer : scanned) {
      List<ComponentFiles> components = new ArrayList<>();
      for (ComponentFiles component : writer.components()) {
        Optional<ComponentChanges> how =
            changes.stream()
                .filter(c -> c.writerId().equals(writer.metadata().writerId()))
                .filter(c -> c.instanceName().equals(writer.metadata().instanceName()))
                .filter(c -> c.component().equals(component.component()))
                .findFirst();
        boolean keeps = how.map(ComponentChanges::keepsFromBase).orElse(true);
        List<DifferencedFiles> differenced =
            how.map(ComponentChanges::differenced).orElse(List.of());
        List<Path> store = new ArrayList<>();
        for (Path original : component.files()) {
          ArchiveChain.StateFile before =
              state.get(
                  new ArchiveChain.Key(
                      writer.metadata().writerId(), writer.metadata().instanceName(), original));
          Optional<CarriedFile> kept =
              keeps && before != null && before.entry().component().equals(component.component())
                  ? unchanged(before, snapshotPathOf.apply(original), differenced)
                  : Optional.empty();
          if (kept.isPresent()) {
            carried.add(kept.get());
          } else {
            store.add(original);
          }
        }
        stored += store.size();
        components.add(new ComponentFiles(component.component(), store));
      }
      toStore.add(new WriterFiles(writer.metadata(), components));
    }
    log.info(
        "{} backup on {}: {} files to store, {} kept from the chain",
        type,
        from.newest().directory(),
        stored,
        carried.size());
    return new Increment(
        toStore, new BackupComponents(type, from.asBaseOf(archiveDir), carried, List.of()));
  }

  /** The kept entry if the snapshot's copy is the base's file, else empty. */
  private static Optional<CarriedFile> unchanged(
      ArchiveChain.StateFile before, Path copy, List<DifferencedFiles> differenced)
      throws IOException {
    FileEntry was = before.entry();
    BasicFileAttributes now;
    try {
      now = Files.readAttributes(copy, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty(); // the archive writer reports it
    }
    if (!now.isRegularFile()
        || now.size() != was.size()
        || !now.lastModifiedTime().toInstant().equals(was.lastModified())
        || !Permissions.of(copy).equals(was.permissions())) {
      return Optional.empty();
    }
    boolean claimed =
        differenced.stream()
            .anyMatch(
                d ->
                    d.files().matches(was.originalPath())
                        && !was.lastModified().isAfter(d.since()));
    if (!claimed && !sha256Of(copy).equals(was.sha256())) {
      return Optional.empty();
    }
    return Optional.of(
        new CarriedFile(
            was.writerId(),
            was.instanceName(),
            was.component(),
            was.originalPath(),
            was.size(),
            was.sha256(),
            was.lastModified(),
            was.permissions(),
            before.link()));
  }

  private static String sha256Of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return new Hashing().read(in, n -> {}).sha256();
    }
  }
}
