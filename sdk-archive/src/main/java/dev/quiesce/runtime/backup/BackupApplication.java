package dev.quiesce.runtime.backup;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.WriterState;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentBackupData;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.QuiescePolicy;
import dev.quiesce.runtime.RestoreOptions;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.SessionSource;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.archive.ArchiveChain;
import dev.quiesce.runtime.archive.ArchiveRequest;
import dev.quiesce.runtime.archive.ArchiveWriter;
import dev.quiesce.runtime.archive.BackupComponents;
import dev.quiesce.runtime.archive.ChainRestore;
import dev.quiesce.runtime.archive.ComponentFiles;
import dev.quiesce.runtime.archive.IncrementalPlanner;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.PartialRestoreException;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.QuiesceOutcome;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.archive.RestoreTarget;
import dev.quiesce.runtime.archive.WriterEntry;
import dev.quiesce.runtime.archive.WriterFiles;
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
 * and before anything is written.
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
    Instant started = Instant.now();
    Optional<ArchiveChain> baseChain = baseChain(options.backupType(), base);
    try (BackupSession session = coordinator.openBackup(options)) {
      List<WriterMetadata> metadata = session.gatherWriterMetadata();
      progress.step("Identify: " + metadata.size() + " writers answered");
      String missing = writersMissing(session, options);
      if (baseChain.isPresent()) {
        ArchiveChain stamps =
            options.backupType() == BackupType.DIFFERENTIAL
                ? baseChain.get().upToLastFull()
                : baseChain.get();
        int given = BackupDocuments.previousStamps(stamps.newest().manifest(), session);
        progress.step(
            options.backupType()
                + " on "
                + stamps.newest().directory()
                + ": "
                + given
                + " previous stamps handed to the writers");
      }
      session.prepareForBackup();
      Selection selection = Selection.of(metadata, session.selectedComponents());
      progress.step("PrepareBackup: " + selection.refs().size() + " components selected");
      if (selection.isEmpty()) {
        throw new IOException(
            "the backup selects no component of any writer, so there is nothing to back up;"
                + " writers that answered Identify: "
                + metadata.stream().map(WriterMetadata::writerName).toList());
      }
      Instant snapshotStart = Instant.now();
      try (SnapshotSet set = session.doSnapshotSet(selection.roots())) {
        Duration snapshot = Duration.between(snapshotStart, Instant.now());
        progress.step(
            "snapshot set "
                + set.id()
                + ": writers frozen "
                + set.frozenFor().toMillis()
                + " ms, "
                + (set.quiesced() ? "quiesced" : "crash-consistent"));
        Manifest manifest;
        try {
          manifest =
              writeArchive(
                  new Job(selection, set, missing, started, archiveDir, options.backupType()),
                  session,
                  baseChain,
                  progress);
        } catch (IOException | RuntimeException | Error e) {
          // No archive, so no backup: the writers get no BackupComplete and their BackupShutdown
          // says ABORTED, not COMPLETED (nor RELEASED_EARLY, which a backup that worked also ends
          // with when its requestor skips BackupComplete).
          try {
            session.abort();
          } catch (RuntimeException abortFailure) {
            e.addSuppressed(abortFailure);
          }
          throw e;
        }
        for (ComponentRef component : selection.refs()) {
          session.setBackupSucceeded(component, true);
        }
        try {
          session.backupComplete();
          progress.step("BackupComplete: the writers know the archive is whole");
        } catch (QuiesceException e) {
          // The archive is whole and verified: the backup stands. VSS too ignores BackupComplete
          // failures; the writer's status shows FAILED_AT_BACKUP_COMPLETE.
          log.warn(
              "backup {} is complete, but BackupComplete failed: {}", session.id(), e.getMessage());
        }
        log.info(
            "backup {} of snapshot set {} written to {}: {} files",
            session.id(),
            set.id(),
            archiveDir,
            manifest.files().size());
        return new BackupReport(
            session.id(), manifest, archiveDir, snapshot, Duration.between(started, Instant.now()));
      }
    }
  }

  /** What one backup writes, and from what. */
  private record Job(
      Selection selection,
      SnapshotSet set,
      String missing,
      Instant started,
      Path archiveDir,
      BackupType type) {}

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
   * Writes the archive from the snapshot; returns once it is durably whole (see {@link
   * ArchiveWriter}).
   */
  private static Manifest writeArchive(
      Job job, BackupSession session, Optional<ArchiveChain> base, ProgressListener progress)
      throws IOException {
    SnapshotSet set = job.set();
    List<WriterFiles> files = new ArrayList<>();
    for (Selection.Writer writer : job.selection().writers()) {
      List<ComponentFiles> components = new ArrayList<>();
      for (String component : writer.components()) {
        components.add(ComponentFiles.scan(writer.metadata(), component, set::pathOf));
      }
      files.add(new WriterFiles(writer.metadata(), components));
    }
    List<ComponentBackupData> document = session.backupComponents();
    BackupComponents components = new BackupComponents(job.type(), List.of(), List.of(), List.of());
    if (base.isPresent()) {
      IncrementalPlanner.Increment increment =
          IncrementalPlanner.plan(
              job.type(),
              base.get(),
              job.archiveDir(),
              files,
              BackupDocuments.changes(document, job.selection()),
              set::pathOf);
      files = increment.toStore();
      components = increment.backupComponents();
    }
    components = components.withComponents(BackupDocuments.toManifest(document, job.selection()));
    ArchiveRequest request =
        new ArchiveRequest(
            set.id(),
            set.provider(),
            outcome(set, job.missing()),
            job.started(),
            set.frozenFor(),
            files,
            components);
    return new ArchiveWriter(progress).write(job.archiveDir(), request, set::pathOf);
  }

  /**
   * The writers the backup may have included that failed Identify, so their data cannot be in it.
   * Under the fail policy that fails the backup, as a failed quiesce does; otherwise the manifest
   * says which are missing.
   *
   * @return what the manifest should say is missing; empty when nothing is
   */
  private static String writersMissing(BackupSession session, BackupOptions options) {
    List<WriterStatus> failed =
        session.gatherWriterStatus().stream()
            .filter(s -> s.state() == WriterState.FAILED_AT_IDENTIFY)
            .filter(s -> options.selection().mayInclude(s.name()))
            .toList();
    if (failed.isEmpty()) {
      return "";
    }
    if (options.quiescePolicy() == QuiescePolicy.FAIL) {
      session.abort();
      throw new QuiesceException(
          session.id(),
          "writers failed Identify, so their data could not be in the backup; fix them, or back up"
              + " without them (BackupOptions.onlyWriters, or the CONTINUE_CRASH_CONSISTENT policy)",
          failed,
          null);
    }
    String names = String.join(", ", failed.stream().map(WriterStatus::name).toList());
    log.warn("backup {} goes on without writers that failed Identify: {}", session.id(), names);
    return "writers that failed Identify are not in this backup: " + names;
  }

  private static QuiesceOutcome outcome(SnapshotSet set, String missing) {
    if (set.quiesced()) {
      return missing.isEmpty()
          ? QuiesceOutcome.quiesced()
          : new QuiesceOutcome(QuiesceOutcome.Status.QUIESCED, missing);
    }
    List<String> failed = new ArrayList<>();
    set.quiesceFailures()
        .forEach(
            status ->
                failed.add(
                    status.name()
                        + " "
                        + status.state()
                        + status.error().map(e -> " (" + e + ")").orElse("")));
    return QuiesceOutcome.crashConsistent(
        "policy "
            + set.policy()
            + " went on without quiescing "
            + String.join(", ", failed)
            + (missing.isEmpty() ? "" : "; " + missing)
            + vanished(set));
  }

  /**
   * The entries that vanished while the (crash-consistent) copy was made, for the manifest: they
   * are not in the archive. A quiesced set's vanished entries are no selected writer's data (the
   * coordinator fails or downgrades the set otherwise), so its outcome does not list them.
   */
  private static String vanished(SnapshotSet set) {
    List<Path> vanished = set.vanished();
    if (vanished.isEmpty()) {
      return "";
    }
    int shown = Math.min(vanished.size(), MAX_VANISHED_LISTED);
    return "; "
        + vanished.size()
        + " entries vanished between the snapshot's listing and its copy and are not in this"
        + " backup: "
        + String.join(", ", vanished.subList(0, shown).stream().map(Path::toString).toList())
        + (shown < vanished.size() ? " and " + (vanished.size() - shown) + " more" : "");
  }

  /**
   * Restores an archive, refusing before any writer is told (PreRestore) and before anything is
   * written whatever it could not finish: verifies every file of the archive, asks the running
   * writers what they declare now (Identify), plans every target against that, then raises
   * PreRestore, restores, and raises PostRestore on the writers of the archive's components.
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
    return restore(archiveDir, targetDir, Map.of(), progress);
  }

  /**
   * Restores an archive as {@link #restore(Path, Optional, ProgressListener)} does, but the files
   * of each component of {@code newTargets} under its directory instead (a new target, VSS's {@code
   * AddNewTarget}): re-rooted there, and told to the component's writer ({@code restoreTarget} in
   * PreRestore and PostRestore).
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
    // A damaged archive, or a broken link of its chain, is refused before any writer hears of the
    // restore, even Identify.
    ArchiveChain archive = ArchiveChain.verify(archiveDir, ProgressListener.none());
    Manifest manifest = archive.newest().manifest();
    RestoreOptions options = RestoreOptions.full().selectingNothing();
    if (targetDir.isPresent()) {
      options = options.toAlternateLocation(targetDir.get().toAbsolutePath().normalize());
    }
    // Re-rooted, the plan needs nothing of the writers: refused, they hear nothing at all.
    Optional<ChainRestore.Checked> rerooted =
        targetDir.isPresent()
            ? Optional.of(restorer.check(archive, RestoreTarget.under(targetDir.get()), newTargets))
            : Optional.empty();
    try (RestoreSession session = coordinator.openRestore(options)) {
      List<WriterMetadata> live = session.gatherWriterMetadata();
      // To original paths, the whole plan is checked against what the writers declare now, before
      // any is told: a refused restore must leave no writer with a PreRestore that no PostRestore
      // would follow.
      ChainRestore.Checked checked =
          rerooted.isPresent()
              ? rerooted.get()
              : restorer.check(archive, RestoreTarget.originalPaths(live), newTargets);
      progress.step(
          "Identify: "
              + live.size()
              + " writers answered; every target checked"
              + targetDir.map(t -> " under " + t).orElse(" against what they declare"));
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
            Path newTarget =
                newTargets.get(new ComponentRef(writer.metadata().writerName(), component));
            if (newTarget != null) {
              session.setRestoreTarget(ref, newTarget);
            }
          }
        }
      }
      BackupDocuments.backupMetadata(manifest, selected, session);
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
        result = restorer.restore(checked);
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

  /** PostRestore after {@code failure}, whose own failure is kept with it. */
  private static void postRestoreAfter(RestoreSession session, Exception failure) {
    try {
      session.postRestore();
    } catch (RuntimeException postRestoreFailure) {
      failure.addSuppressed(postRestoreFailure);
    }
  }
}
