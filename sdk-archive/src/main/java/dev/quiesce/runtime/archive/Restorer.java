package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.WriterMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Restores a backup archive, to the files' original paths or re-rooted under another directory
 * ({@code /var/db/a} to {@code <dir>/var/db/a}).
 *
 * <p>Nothing is written until the archive has been checked ({@link #inspect}: its manifest, no
 * missing, extra, linked or special entry, every size; or {@link #verify}, which hashes every file
 * too) and the whole restore has been planned ({@link RestoreTarget}): to original paths, only into
 * the file sets the running writers declare now; re-rooted, only inside the target directory; no
 * two entries in each other's way, no directory or special file where a file goes, room for every
 * file. If anything is wrong it throws {@link InvalidArchiveException} listing every problem, and
 * the file system is untouched.
 *
 * <p>Then it writes in two steps. First every file is read from the archive once, hashed while it
 * is written to a temporary file (beside its target; or, staged to original paths before
 * PreRestore, in a private directory beside the writer's file set: see {@link #stage}), synced, and
 * given its permissions and last-modified time; if any of that fails (a full disk, a file that does
 * not match the manifest), the temporary files and the directories made for them are removed and no
 * target has changed. Only then is each renamed over its target, atomically, so a reader never sees
 * a half-written file and the restore either replaces nothing or, barring a failed rename,
 * everything; a failed rename throws {@link PartialRestoreException}, naming what was and was not
 * replaced. The price is room for the restored files beside the old ones until the renames, which
 * the plan checks.
 *
 * <p>The writer's {@link dev.quiesce.api.metadata.RestoreMethod#RESTORE_IF_NOT_THERE} is honoured
 * (existing files are left alone). To original paths, a writer's {@link
 * dev.quiesce.api.metadata.RestoreMethod#RESTORE_TO_ALTERNATE_LOCATION} places its files by the
 * alternate location mappings it declares now, as {@link
 * dev.quiesce.api.metadata.RestoreMethod#RESTORE_IF_CAN_REPLACE} does a file that cannot be
 * replaced ({@code AlternatePlacement}); otherwise existing files are replaced. Raising PreRestore
 * and PostRestore around the restore, and refusing to replace the files of a running writer that
 * does not take part, is the coordinator's job (see {@code BackupApplication}).
 */
public final class Restorer {
  private final ProgressListener listener;
  private final FilesystemSync filesystemSync;

  /** A restorer that reports no progress. */
  public Restorer() {
    this(ProgressListener.none());
  }

  /** A restorer that reports progress to {@code listener}. */
  public Restorer(ProgressListener listener) {
    this(listener, new FilesystemSync());
  }

  /** Tests: syncs whole filesystems with {@code filesystemSync}. */
  Restorer(ProgressListener listener, FilesystemSync filesystemSync) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.filesystemSync = Objects.requireNonNull(filesystemSync, "filesystemSync");
  }

  /**
   * Restores every file of the archive to its original path, if it lies in the file sets that
   * {@code live} (the running writers' Identify) declare now.
   *
   * @throws InvalidArchiveException if the archive or a target is refused; nothing was written
   * @throws IOException if writing fails; see {@link #restore(CheckedRestore)}
   */
  public RestoreResult restoreToOriginal(Path archiveDir, List<WriterMetadata> live)
      throws IOException {
    return restore(check(inspect(archiveDir), RestoreTarget.originalPaths(live)));
  }

  /**
   * Restores every file of the archive under {@code targetDir}, at its original absolute path
   * re-rooted there.
   *
   * @throws InvalidArchiveException if the archive or a target is refused; nothing was written
   * @throws IOException if writing fails; see {@link #restore(CheckedRestore)}
   */
  public RestoreResult restoreTo(Path archiveDir, Path targetDir) throws IOException {
    return restore(check(inspect(archiveDir), RestoreTarget.under(targetDir)));
  }

  /**
   * Verifies the archive: its manifest, and every file's size and checksum.
   *
   * @throws InvalidArchiveException listing every problem
   * @throws IOException if the archive cannot be read
   */
  public VerifiedArchive verify(Path archiveDir) throws IOException {
    return new VerifiedArchive(archiveDir, ArchiveVerifier.verify(archiveDir), true);
  }

  /**
   * Checks the archive without reading its contents: its manifest, and exactly its files, each of
   * the size it says, and no link or special file. The restore then hashes each file as it writes
   * it beside its target and puts none in place unless all match, so the archive is read once.
   *
   * @throws InvalidArchiveException listing every problem found
   * @throws IOException if the archive cannot be read
   */
  public VerifiedArchive inspect(Path archiveDir) throws IOException {
    return new VerifiedArchive(
        archiveDir, ArchiveVerifier.inspect(archiveDir, ManifestLimits.standard()), false);
  }

  /**
   * Plans the restore of a verified archive to {@code target}, writing nothing: refuses now what
   * the restore would otherwise fail on part way, so that a requestor can check before it tells any
   * writer (PreRestore).
   *
   * @return the checked restore, to hand to {@link #restore(CheckedRestore)}
   * @throws InvalidArchiveException if a target is refused, listing every problem
   * @throws IOException if the file system cannot be examined
   */
  public CheckedRestore check(VerifiedArchive archive, RestoreTarget target) throws IOException {
    RestorePlanner.Plan plan = RestorePlanner.plan(archive.manifest(), target);
    if (!plan.problems().isEmpty()) {
      throw new InvalidArchiveException(
          "restore of archive "
              + archive.directory()
              + (target instanceof RestoreTarget.Under under
                  ? " under " + under.directory()
                  : " to original paths"),
          plan.problems());
    }
    return new CheckedRestore(
        archive.directory(), target, archive.manifest(), plan, archive.contentsVerified());
  }

  /**
   * Restores what {@link #check} accepted: writes every file beside its target ({@link #stage}),
   * then puts them all in place.
   *
   * @throws InvalidArchiveException if a file does not match the manifest (damaged, or changed
   *     since it was verified); no target changed
   * @throws PartialRestoreException if putting the files in place failed part way; it names what
   *     was and was not replaced
   * @throws IOException if a file could not be written; no target changed
   */
  public RestoreResult restore(CheckedRestore checked) throws IOException {
    try (StagedRestore staged = stage(checked, StagingPlaces.besideTargets())) {
      return staged.putInPlace();
    }
  }

  /**
   * Writes every file of what {@link #check} accepted, reading each from the archive once and
   * hashing it as it goes, and replaces nothing yet: the caller puts them in place ({@link
   * StagedRestore#putInPlace}), after PreRestore, or abandons them ({@link StagedRestore#close}).
   * Progress is reported while writing; its end when the files are put in place or abandoned.
   *
   * <p>Re-rooted, each file is written beside its target. To original paths, a writer may move its
   * data directory aside in PreRestore, so each file is written instead to a private directory
   * beside the outermost file set of the running writers that holds it, in that file set's parent
   * directory, on the target's filesystem; it is removed when the files are put in place or
   * abandoned.
   *
   * @throws InvalidArchiveException if a file does not match the manifest; nothing is left written
   * @throws IOException if a file could not be written, or, to original paths, a staging directory
   *     cannot be made beside a file set on its filesystem (then nothing was read or written; stage
   *     after PreRestore with {@link #restore(CheckedRestore)} instead)
   */
  public StagedRestore stage(CheckedRestore checked) throws IOException {
    return stage(
        checked,
        checked.target() instanceof RestoreTarget.OriginalPaths original
            ? StagingPlaces.outsideFileSets(original.live())
            : StagingPlaces.besideTargets());
  }

  StagedRestore stage(CheckedRestore checked, StagingPlaces places) throws IOException {
    return StagedRestore.stage(checked, listener, filesystemSync, places);
  }
}
