package dev.quiesce.runtime.backup;

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
import dev.quiesce.runtime.archive.CheckedRestore;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.archive.RestoreTarget;
import dev.quiesce.runtime.archive.Restorer;
import dev.quiesce.runtime.archive.StagedRestore;
import dev.quiesce.runtime.archive.VerifiedArchive;
import dev.quiesce.runtime.archive.WriterEntry;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  /** How many vanished entries a manifest's outcome names; the log has them all. */
  private static final int MAX_VANISHED_LISTED = 20;

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
    try (BackupSession session = coordinator.openBackup(options)) {
      PreparedBackup backup = PreparedBackup.prepare(session, options, progress);
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

  /**
   * Restores an archive, refusing before any writer is told (PreRestore) and before any target is
   * replaced whatever it could not finish: verifies every file of the archive, asks the running
   * writers what they declare now (Identify), plans every target against that, then raises
   * PreRestore, restores, and raises PostRestore on the writers of the archive's components.
   *
   * <p>Re-rooted under a directory, the archive is read once: each file is hashed as it is written
   * beside its target, before any writer is told; the files are put in place after PreRestore. To
   * original paths, the files can only be written after PreRestore (a writer may move its data away
   * there), so every file is verified first and hashed again as it is written.
   *
   * <p>To original paths, each file must lie in a file set its running writer declares now (the
   * archive's own metadata could claim any root), a writer that is not running has nothing restored
   * to original paths, and the coordinator refuses to replace the files of a running writer that
   * does not take part in restores (no {@code @OnPreRestore}, and a restore method other than
   * {@code RESTORE_IF_NOT_THERE}). Re-rooted under a directory, files stay inside it and writers
   * that are not running are simply not told.
   *
   * @param archiveDir the archive
   * @param targetDir where to restore: empty for the files' original locations, or a directory
   *     under which each original absolute path is re-created
   * @param progress told of the files and bytes restored
   * @throws dev.quiesce.runtime.archive.InvalidArchiveException if the archive is damaged or
   *     hostile, or a target is refused; then no writer was told and nothing was written
   * @throws QuiesceException if a writer may not have its files replaced, or PreRestore failed;
   *     nothing was written
   * @throws dev.quiesce.runtime.archive.PartialRestoreException if putting the files in place
   *     failed part way; it names what was replaced. PostRestore was raised.
   */
  public RestoreResult restore(Path archiveDir, Optional<Path> targetDir, ProgressListener progress)
      throws IOException {
    Restorer restorer = new Restorer(progress);
    if (targetDir.isPresent()) {
      // Re-rooted, the plan needs nothing of the writers and the files go beside nothing of
      // theirs: the archive is read once, each file hashed as it is written beside its target, all
      // before any writer hears of the restore, so a damaged archive is refused (and what was
      // written removed) with no writer told, even Identify.
      VerifiedArchive archive = restorer.inspect(archiveDir);
      CheckedRestore checked = restorer.check(archive, RestoreTarget.under(targetDir.get()));
      try (StagedRestore staged = restorer.stage(checked)) {
        return withWriters(
            archive.manifest(), targetDir, progress, live -> checked, c -> staged.putInPlace());
      }
    }
    // In place, the files can only be written after PreRestore (a writer may move its data away
    // there, as the bank does), and a damaged archive must be refused before any writer hears of
    // the restore, even Identify: every file is verified first, and hashed again as it is written.
    VerifiedArchive archive = restorer.verify(archiveDir);
    return withWriters(
        archive.manifest(),
        targetDir,
        progress,
        live -> restorer.check(archive, RestoreTarget.originalPaths(live)),
        restorer::restore);
  }

  /** The plan of a restore, given what the running writers declare now. */
  private interface Planning {
    CheckedRestore check(List<WriterMetadata> live) throws IOException;
  }

  /** Writes (or puts in place) the files of a checked restore. */
  private interface Writing {
    RestoreResult write(CheckedRestore checked) throws IOException;
  }

  /**
   * Identify, the plan checked against it, PreRestore, {@code writing}, PostRestore: the writers'
   * part of a restore.
   */
  private RestoreResult withWriters(
      Manifest manifest,
      Optional<Path> targetDir,
      ProgressListener progress,
      Planning planning,
      Writing writing)
      throws IOException {
    RestoreOptions options = RestoreOptions.full().selectingNothing();
    if (targetDir.isPresent()) {
      options = options.toAlternateLocation(targetDir.get().toAbsolutePath().normalize());
    }
    try (RestoreSession session = coordinator.openRestore(options)) {
      List<WriterMetadata> live = session.gatherWriterMetadata();
      // To original paths, the whole plan is checked against what the writers declare now, before
      // any is told: a refused restore must leave no writer with a PreRestore that no PostRestore
      // would follow.
      CheckedRestore checked = planning.check(live);
      progress.step(
          "Identify: "
              + live.size()
              + " writers answered; every target checked"
              + targetDir.map(t -> " under " + t).orElse(" against what they declare"));
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
            session.select(new ComponentRef(running.get().writerName(), component));
          }
        }
      }
      try {
        session.preRestore();
      } catch (RuntimeException vetoed) {
        // Nothing was written, but writers whose PreRestore returned may have stopped their data
        // for it: PostRestore tells them to start again, as it does after a failed write.
        postRestoreAfter(session, vetoed);
        throw vetoed;
      }
      progress.step("PreRestore: the writers are ready for their files");
      RestoreResult result;
      try {
        result = writing.write(checked);
      } catch (IOException | RuntimeException e) {
        // PostRestore follows PreRestore whatever happened: a writer that stopped its service in
        // PreRestore must be told to start it again, and checks its files there.
        postRestoreAfter(session, e);
        throw e;
      }
      session.postRestore();
      progress.step("PostRestore: the writers have their files back");
      return result;
    }
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
