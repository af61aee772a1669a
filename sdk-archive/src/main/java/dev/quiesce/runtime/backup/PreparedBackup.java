package dev.quiesce.runtime.backup;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.WriterState;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentBackupData;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.QuiescePolicy;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.archive.ArchiveChain;
import dev.quiesce.runtime.archive.ArchiveRequest;
import dev.quiesce.runtime.archive.ArchiveWriter;
import dev.quiesce.runtime.archive.BackupComponents;
import dev.quiesce.runtime.archive.ComponentFiles;
import dev.quiesce.runtime.archive.IncrementalPlanner;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.QuiesceOutcome;
import dev.quiesce.runtime.archive.WriterFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator's backup between PrepareBackup and BackupComplete: what {@link BackupApplication}
 * does around the snapshot set, in pieces, so that a requestor over several coordinators (a
 * snapshot set spanning them) backs each one up exactly as a single backup is: the same selection,
 * the same archive, the same rules for writers that failed Identify, BackupComplete only once the
 * archive is whole.
 *
 * <p>Use: {@link #prepare}, take a snapshot set of {@link #roots()} (by {@code doSnapshotSet} or
 * the steps of a larger set), {@link #writeArchive}, then {@link #complete()}. The session stays
 * the caller's to close.
 */
public final class PreparedBackup {
  private static final Logger log = LoggerFactory.getLogger(PreparedBackup.class);

  /** How many vanished entries a manifest's outcome names; the log has them all. */
  private static final int MAX_VANISHED_LISTED = 20;

  private final BackupSession session;
  private final Selection selection;
  private final String missing;
  private final Instant started;
  private final BackupType type;
  private final Optional<ArchiveChain> base;

  private PreparedBackup(
      BackupSession session,
      Selection selection,
      String missing,
      Instant started,
      BackupType type,
      Optional<ArchiveChain> base) {
    this.session = session;
    this.selection = selection;
    this.missing = missing;
    this.started = started;
    this.type = type;
    this.base = base;
  }

  /**
   * Identify, then PrepareBackup on {@code session}.
   *
   * @throws IOException if the backup selects no component of any writer
   * @throws QuiesceException if writers the options may include failed Identify under the fail
   *     policy, or PrepareBackup failed; the session is then aborted
   */
  public static PreparedBackup prepare(
      BackupSession session, BackupOptions options, ProgressListener progress) throws IOException {
    return prepare(session, options, Optional.empty(), progress);
  }

  /**
   * Identify, then PrepareBackup on {@code session}, for a backup built on {@code base} (an
   * incremental or differential backup): each writer is handed the stamps it left with the base (a
   * differential's, with the last full backup of the chain) before PrepareBackup, and {@link
   * #writeArchive} stores only what changed since.
   *
   * @param base the verified-readable chain the backup builds on; empty for a full backup
   * @throws IOException if the backup selects no component of any writer
   * @throws QuiesceException if writers the options may include failed Identify under the fail
   *     policy, or PrepareBackup failed; the session is then aborted
   */
  public static PreparedBackup prepare(
      BackupSession session,
      BackupOptions options,
      Optional<ArchiveChain> base,
      ProgressListener progress)
      throws IOException {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(base, "base");
    Instant started = Instant.now();
    List<WriterMetadata> metadata = session.gatherWriterMetadata();
    progress.step("Identify: " + metadata.size() + " writers answered");
    String missing = writersMissing(session, options);
    if (base.isPresent()) {
      ArchiveChain stamps =
          options.backupType() == BackupType.DIFFERENTIAL ? base.get().upToLastFull() : base.get();
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
    return new PreparedBackup(session, selection, missing, started, options.backupType(), base);
  }

  /** The session. */
  public BackupSession session() {
    return session;
  }

  /** When the backup began (Identify): the archive's start time. */
  public Instant started() {
    return started;
  }

  /** The paths the snapshot set must cover: the selected components' file set roots. */
  public List<Path> roots() {
    return selection.roots();
  }

  /** The selected components. */
  public List<ComponentRef> components() {
    return selection.refs();
  }

  /**
   * Writes the archive from {@code set}; returns once it is durably whole (see {@link
   * ArchiveWriter}). If it fails, the backup is aborted: the writers get no BackupComplete and
   * their BackupShutdown says {@code ABORTED}.
   */
  public Manifest writeArchive(SnapshotSet set, Path archiveDir, ProgressListener progress)
      throws IOException {
    try {
      List<WriterFiles> files = new ArrayList<>();
      for (Selection.Writer writer : selection.writers()) {
        List<ComponentFiles> components = new ArrayList<>();
        for (String component : writer.components()) {
          components.add(ComponentFiles.scan(writer.metadata(), component, set::pathOf));
        }
        files.add(new WriterFiles(writer.metadata(), components));
      }
      List<ComponentBackupData> document = session.backupComponents();
      BackupComponents components = new BackupComponents(type, List.of(), List.of(), List.of());
      if (base.isPresent()) {
        IncrementalPlanner.Increment increment =
            IncrementalPlanner.plan(
                type,
                base.get(),
                archiveDir,
                files,
                BackupDocuments.changes(document, selection),
                set::pathOf);
        files = increment.toStore();
        components = increment.backupComponents();
      }
      components = components.withComponents(BackupDocuments.toManifest(document, selection));
      ArchiveRequest request =
          new ArchiveRequest(
              set.id(),
              set.provider(),
              outcome(set, missing),
              started,
              set.frozenFor(),
              files,
              components);
      return new ArchiveWriter(progress).write(archiveDir, request, set);
    } catch (IOException | RuntimeException | Error e) {
      // No archive, so no backup: not COMPLETED (nor RELEASED_EARLY, which a backup that worked
      // also ends with when its requestor skips BackupComplete).
      try {
        session.abort();
      } catch (RuntimeException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      throw e;
    }
  }

  /**
   * Marks every selected component backed up and sends BackupComplete. A BackupComplete that a
   * writer fails is logged: the archive is whole and the backup stands (VSS ignores it too; the
   * writer's status shows it).
   *
   * @return whether every writer took BackupComplete
   */
  public boolean complete() {
    for (ComponentRef component : selection.refs()) {
      session.setBackupSucceeded(component, true);
    }
    try {
      session.backupComplete();
      return true;
    } catch (QuiesceException e) {
      log.warn(
          "backup {} is complete, but BackupComplete failed: {}", session.id(), e.getMessage());
      return false;
    }
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
}
