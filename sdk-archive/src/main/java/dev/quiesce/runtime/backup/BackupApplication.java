package dev.quiesce.runtime.backup;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.RestoreOptions;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.SessionSource;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.archive.ArchiveChain;
import dev.quiesce.runtime.archive.ChainRestore;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.PartialRestoreException;
import dev.quiesce.runtime.archive.PlannedRestore;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.archive.RestoreTarget;
import dev.quiesce.runtime.archive.WriterEntry;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup application: a requestor that takes a backup into a verifiable archive, and restores
 * one. What a backup tool does with Quiesce, as a library: the demo uses it in-process, a command
 * line can use it against a coordinator in another process.
 *
 * <p>A backup is the VSS sequence (Identify, PrepareBackup, the snapshot set, BackupComplete), with
 * the archive written from the snapshot while the applications run on. The archive's manifest is
 * written last, so a backup that fails part way leaves no archive that could be taken for one, and
 * BackupComplete is sent only once the archive is durably whole (every file and directory synced);
 * a backup whose archive fails is aborted. A restore verifies every file of the archive and plans
 * every target against what the running writers declare now, before any writer is told (PreRestore)
 * and before any target is replaced.
 */
public final class BackupApplication {
  private static final Logger log = LoggerFactory.getLogger(BackupApplication.class);

  private final SessionSource coordinator;

  /** A backup application driving the coordinator in this JVM. */
  @Inject
  public BackupApplication(Coordinator coordinator) {
    this((SessionSource) coordinator);
  }

  /**
   * A backup application driving {@code sessions}: a coordinator in this JVM, or a daemon's in
   * another process ({@code RemoteCoordinator}), whose snapshot this process then reads.
   */
  public BackupApplication(SessionSource sessions) {
    this.coordinator = Objects.requireNonNull(sessions, "sessions");
  }

  /**
   * Backs up the components {@code options} selects into {@code archiveDir}.
   *
   * @param archiveDir where the archive goes: a new or empty directory
   * @param progress told of the files and bytes copied
   * @return what was backed up
   * @throws IOException if the archive could not be written (the disk is full, a file of the
   *     snapshot cannot be read, ...): the message names the file; nothing is left in {@code
   *     archiveDir}, the writers get no BackupComplete and their BackupShutdown says {@code
   *     ABORTED}
   * @throws dev.quiesce.runtime.QuiesceException if the coordinator failed the backup (a veto, a
   *     timeout, a provider failure under the fail policy); every writer has been thawed
   */
  public BackupReport backup(BackupOptions options, Path archiveDir, ProgressListener progress)
      throws IOException {
    return backup(options, Optional.empty(), archiveDir, progress);
  }

  /**
   * Backs up the components {@code options} selects into {@code archiveDir}, built on {@code base}
   * for an incremental or differential backup: only what changed since the base is stored (a
   * differential's base is the last full backup of {@code base}'s chain), the archive records its
   * chain, and each writer gets the stamps it left with the base.
   *
   * @param base the archive an {@code INCREMENTAL} or {@code DIFFERENTIAL} backup builds on; empty
   *     for any other type
   * @throws IllegalArgumentException if an incremental or differential backup has no base, or
   *     another type has one
   * @throws dev.quiesce.runtime.archive.InvalidArchiveException if the base's chain is broken,
   *     before any writer is told
   * @see #backup(BackupOptions, Path, ProgressListener)
   */
  public BackupReport backup(
      BackupOptions options, Optional<Path> base, Path archiveDir, ProgressListener progress)
      throws IOException {
    Optional<ArchiveChain> baseChain = baseChain(options.backupType(), base);
    try (BackupSession session = coordinator.openBackup(options)) {
      PreparedBackup backup = PreparedBackup.prepare(session, options, baseChain, progress);
      Instant snapshotStart = Instant.now();
      try (SnapshotSet set = session.doSnapshotSet(backup.roots())) {
        Duration snapshot = Duration.between(snapshotStart, Instant.now());
        progress.step(
            "snapshot set "
                + set.id()
                + ": writers frozen "
                + set.frozenFor().toMillis()
                + " ms, "
                + (set.quiesced() ? "quiesced" : "crash-consistent"));
        Manifest manifest = backup.writeArchive(set, archiveDir, progress);
        if (backup.complete()) {
          progress.step("BackupComplete: the writers know the archive is whole");
        }
        log.info(
            "backup {} of snapshot set {} written to {}: {} files",
            session.id(),
            set.id(),
            archiveDir,
            manifest.files().size());
        return new BackupReport(
            session.id(),
            manifest,
            archiveDir,
            snapshot,
            Duration.between(backup.started(), Instant.now()));
      }
    }
  }

  /** The base chain of a backup of {@code type}, read and checked before any writer is told. */
  private static Optional<ArchiveChain> baseChain(BackupType type, Optional<Path> base)
      throws IOException {
    boolean needsBase = type == BackupType.INCREMENTAL || type == BackupType.DIFFERENTIAL;
    if (needsBase && base.isEmpty()) {
      throw new IllegalArgumentException(
          "a "
              + type
              + " backup stores only what changed since an earlier backup: give that archive as"
              + " its base (--base DIR)");
    }
    if (!needsBase && base.isPresent()) {
      throw new IllegalArgumentException(
          "a "
              + type
              + " backup builds on no other archive, but a base was given ("
              + base.get()
              + "): leave the base out, or ask for an INCREMENTAL or DIFFERENTIAL backup");
    }
    return base.isPresent() ? Optional.of(ArchiveChain.read(base.get())) : Optional.empty();
  }

  /**
   * Restores an archive, refusing before any writer is told (PreRestore) and before any target is
   * replaced whatever it could not finish: checks the archive (and its chain) without reading the
   * data, asks the running writers what they declare now (Identify), plans every target against
   * that, writes every file (hashed as it is read, so the archive is read once) without replacing
   * any, then raises PreRestore, puts the files in place, and raises PostRestore on the writers of
   * the archive's components.
   *
   * <p>Re-rooted under a directory, all of that but Identify comes first: a damaged archive or a
   * refused target is refused before any writer hears of the restore, and each file is written
   * beside its target. To original paths, a damaged archive is refused after Identify (the plan
   * needs what the writers declare now) and before PreRestore; each file is written to a private
   * staging directory beside the outermost file set holding it, on the same filesystem, because a
   * writer may move its data directory aside in PreRestore. Where that cannot be (a file set's
   * parent is on another filesystem, or cannot be written), every file is hashed before PreRestore
   * and written after it, reading the archive twice.
   *
   * <p>To original paths, each file must lie in a file set its running writer declares now (the
   * archive's own metadata could claim any root), a writer that is not running has nothing restored
   * to original paths, and the coordinator refuses to replace the files of a running writer that
   * does not take part in restores (no {@code @OnPreRestore}, and a restore method other than
   * {@code RESTORE_IF_NOT_THERE}). A writer declaring {@code RESTORE_TO_ALTERNATE_LOCATION} has its
   * files placed by the alternate location mappings it declares now (a file no mapping holds is
   * refused), as has a file of a {@code RESTORE_IF_CAN_REPLACE} writer that cannot be replaced and
   * that a mapping holds; its writer reads the place with {@code restoreTarget}. Re-rooted under a
   * directory, files stay inside it and writers that are not running are simply not told.
   *
   * @param archiveDir the archive
   * @param targetDir where to restore: empty for the files' original locations, or a directory
   *     under which each original absolute path is re-created
   * @param progress told of the files and bytes restored
   * @throws dev.quiesce.runtime.archive.InvalidArchiveException if the archive is damaged or
   *     hostile, or a target is refused; then no writer was told (to original paths: beyond
   *     Identify) and nothing was written
   * @throws QuiesceException if a writer may not have its files replaced, or PreRestore failed;
   *     nothing was written
   * @throws dev.quiesce.runtime.archive.PartialRestoreException if putting the files in place
   *     failed part way; it names what was replaced. PostRestore was raised.
   */
  public RestoreResult restore(Path archiveDir, Optional<Path> targetDir, ProgressListener progress)
      throws IOException {
    return restore(archiveDir, targetDir, Map.of(), progress);
  }

  /**
   * Restores an archive as {@link #restore(Path, Optional, ProgressListener)} does, but the files
   * of each component of {@code newTargets} under its directory instead (a new target, VSS's {@code
   * AddNewTarget}): re-rooted there, and told to the component's writer ({@code restoreTarget} in
   * PreRestore and PostRestore). An incremental or differential archive is restored with its whole
   * chain, every link checked before any writer hears of the restore and every file of every link
   * read and hashed before PreRestore.
   *
   * @param newTargets a directory per component, as the archive names it ({@code writer/component})
   * @throws IllegalArgumentException if the archive holds no such component; nothing was written
   */
  public RestoreResult restore(
      Path archiveDir,
      Optional<Path> targetDir,
      Map<ComponentRef, Path> newTargets,
      ProgressListener progress)
      throws IOException {
    ChainRestore restorer = new ChainRestore(progress);
    // Everything but the contents now; each file is hashed as it is written, before PreRestore.
    ArchiveChain chain = ArchiveChain.inspect(archiveDir);
    Manifest manifest = chain.newest().manifest();
    if (targetDir.isPresent()) {
      // Re-rooted, the plan needs nothing of the writers and the files go beside nothing of
      // theirs: refused, damaged or not written, they hear nothing at all, not even Identify.
      ChainRestore.Checked checked =
          restorer.check(chain, RestoreTarget.under(targetDir.get()), newTargets);
      try (ChainRestore.Prepared prepared = restorer.prepare(checked)) {
        return withWriters(manifest, targetDir, newTargets, progress, live -> prepared);
      }
    }
    return withWriters(
        manifest,
        targetDir,
        newTargets,
        progress,
        live ->
            restorer.prepare(restorer.check(chain, RestoreTarget.originalPaths(live), newTargets)));
  }

  /** A restore planned and its files written, given what the running writers declare now. */
  private interface Preparing {
    ChainRestore.Prepared prepare(List<WriterMetadata> live) throws IOException;
  }

  /**
   * Identify, the restore {@code preparing} plans and writes, PreRestore, the files put in place,
   * PostRestore: the writers' part of a restore.
   */
  private RestoreResult withWriters(
      Manifest manifest,
      Optional<Path> targetDir,
      Map<ComponentRef, Path> newTargets,
      ProgressListener progress,
      Preparing preparing)
      throws IOException {
    RestoreOptions options = RestoreOptions.full().selectingNothing();
    if (targetDir.isPresent()) {
      options = options.toAlternateLocation(targetDir.get().toAbsolutePath().normalize());
    }
    try (RestoreSession session = coordinator.openRestore(options)) {
      List<WriterMetadata> live = session.gatherWriterMetadata();
      // To original paths, the whole plan is checked against what the writers declare now, and
      // every file written, before any is told: a refused restore must leave no writer with a
      // PreRestore that no PostRestore would follow.
      try (ChainRestore.Prepared prepared = preparing.prepare(live)) {
        progress.step(
            "Identify: "
                + live.size()
                + " writers answered; every target checked"
                + targetDir.map(t -> " under " + t).orElse(" against what they declare")
                + (prepared.written() ? "; every file written and verified" : ""));
        List<ComponentRef> selected =
            select(manifest, targetDir, newTargets, session, live, prepared);
        BackupDocuments.backupMetadata(manifest, selected, session);
        try {
          session.preRestore();
        } catch (RuntimeException vetoed) {
          // Nothing was replaced, but writers whose PreRestore returned may have stopped their
          // data for it: PostRestore tells them to start again, as it does after a failed write.
          postRestoreAfter(session, vetoed);
          throw vetoed;
        }
        progress.step("PreRestore: the writers are ready for their files");
        RestoreResult result;
        try {
          result = prepared.putInPlace();
        } catch (IOException | RuntimeException e) {
          // PostRestore follows PreRestore whatever happened: a writer that stopped its service in
          // PreRestore must be told to start it again, and checks its files there.
          FileRestoreStatus status =
              e instanceof PartialRestoreException
                  ? FileRestoreStatus.FAILED
                  : FileRestoreStatus.NONE;
          selected.forEach(ref -> session.setFileRestoreStatus(ref, status));
          postRestoreAfter(session, e);
          throw e;
        }
        selected.forEach(ref -> session.setFileRestoreStatus(ref, FileRestoreStatus.ALL));
        session.postRestore();
        progress.step("PostRestore: the writers have their files back");
        return result;
      }
    }
  }

  /**
   * Selects, in {@code session}, the archive's components of the running writers, each with its
   * restore target if it has one; returns them.
   */
  private static List<ComponentRef> select(
      Manifest manifest,
      Optional<Path> targetDir,
      Map<ComponentRef, Path> newTargets,
      RestoreSession session,
      List<WriterMetadata> live,
      PlannedRestore planned) {
    List<ComponentRef> selected = new ArrayList<>();
    for (WriterEntry writer : manifest.writers()) {
      Optional<WriterMetadata> running =
          live.stream()
              .filter(m -> m.writerId().equals(writer.metadata().writerId()))
              .filter(m -> m.instanceName().equals(writer.metadata().instanceName()))
              .findFirst();
      if (running.isEmpty()) {
        // Only re-rooted: to original paths the plan refused it.
        log.info(
            "restore {}: writer '{}' is not running; its files are restored under {} without"
                + " PreRestore and PostRestore",
            session.id(),
            writer.metadata().writerName(),
            targetDir.orElseThrow());
        continue;
      }
      for (String component : writer.selectedComponents()) {
        if (running.get().component(component).isPresent()) {
          ComponentRef ref = new ComponentRef(running.get().writerName(), component);
          session.select(ref);
          selected.add(ref);
          ComponentRef archived = new ComponentRef(writer.metadata().writerName(), component);
          Optional<Path> chosen =
              newTargets.containsKey(archived)
                  ? Optional.of(newTargets.get(archived))
                  : targetDir.isPresent()
                      ? Optional.empty()
                      : planned.alternateLocation(archived, running.get());
          chosen.ifPresent(place -> session.setRestoreTarget(ref, place));
        }
      }
    }
    return selected;
  }

  /** PostRestore after {@code failure}, whose own failure is kept with it. */
  private static void postRestoreAfter(RestoreSession session, Exception failure) {
    try {
      session.postRestore();
    } catch (RuntimeException postRestoreFailure) {
      failure.addSuppressed(postRestoreFailure);
    }
  }
}
