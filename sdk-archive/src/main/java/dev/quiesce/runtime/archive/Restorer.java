package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.WriterMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup archive, to the files' original paths or re-rooted under another directory
 * ({@code /var/db/a} to {@code <dir>/var/db/a}).
 *
 * <p>Nothing is written until the whole archive has been verified ({@link ArchiveVerifier}: every
 * size and checksum, no missing, extra, linked or special entry) and the whole restore has been
 * planned ({@link RestoreTarget}): to original paths, only into the file sets the running writers
 * declare now; re-rooted, only inside the target directory; no two entries in each other's way, no
 * directory or special file where a file goes, room for every file. If anything is wrong it throws
 * {@link InvalidArchiveException} listing every problem, and the file system is untouched.
 *
 * <p>Then it writes in two passes. First every file is written to a temporary file beside its
 * target, hashed again while copying, synced, and given its permissions and last-modified time; if
 * any of that fails (a full disk, a file changed since it was verified), the temporary files and
 * the directories made for them are removed and no target has changed. Only then is each renamed
 * over its target, atomically, so a reader never sees a half-written file and the restore either
 * replaces nothing or, barring a failed rename, everything; a failed rename throws {@link
 * PartialRestoreException}, naming what was and was not replaced. The price is room for the
 * restored files beside the old ones until the renames, which the plan checks.
 *
 * <p>The writer's {@link dev.quiesce.api.metadata.RestoreMethod#RESTORE_IF_NOT_THERE} is honoured
 * (existing files are left alone); for every other method existing files are replaced. Raising
 * PreRestore and PostRestore around the restore, and refusing to replace the files of a running
 * writer that does not take part, is the coordinator's job (see {@code BackupApplication}).
 */
public final class Restorer {
  private static final Logger log = LoggerFactory.getLogger(Restorer.class);

  private final ProgressListener listener;

  /** A restorer that reports no progress. */
  public Restorer() {
    this(ProgressListener.none());
  }

  /** A restorer that reports progress to {@code listener}. */
  public Restorer(ProgressListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
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
    return restore(check(verify(archiveDir), RestoreTarget.originalPaths(live)));
  }

  /**
   * Restores every file of the archive under {@code targetDir}, at its original absolute path
   * re-rooted there.
   *
   * @throws InvalidArchiveException if the archive or a target is refused; nothing was written
   * @throws IOException if writing fails; see {@link #restore(CheckedRestore)}
   */
  public RestoreResult restoreTo(Path archiveDir, Path targetDir) throws IOException {
    return restore(check(verify(archiveDir), RestoreTarget.under(targetDir)));
  }

  /**
   * Verifies the archive: its manifest, and every file's size and checksum.
   *
   * @throws InvalidArchiveException listing every problem
   * @throws IOException if the archive cannot be read
   */
  public VerifiedArchive verify(Path archiveDir) throws IOException {
    return new VerifiedArchive(archiveDir, ArchiveVerifier.verify(archiveDir));
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
    return new CheckedRestore(archive.directory(), target, archive.manifest(), plan);
  }

  /**
   * Restores what {@link #check} accepted: writes every file beside its target, then puts them all
   * in place.
   *
   * @throws InvalidArchiveException if a file no longer matches its checksum; no target changed
   * @throws PartialRestoreException if putting the files in place failed part way; it names what
   *     was and was not replaced
   * @throws IOException if a file could not be written; no target changed
   */
  public RestoreResult restore(CheckedRestore checked) throws IOException {
    Path archiveDir = checked.archiveDir();
    RestorePlanner.Plan plan = checked.plan();
    long totalBytes = plan.steps().stream().mapToLong(s -> s.entry().size()).sum();
    ProgressCounter counter = new ProgressCounter(listener, plan.steps().size(), totalBytes);
    String what = "restore of archive " + archiveDir;
    boolean succeeded = false;
    List<Path> restored = new ArrayList<>();
    List<Path> skipped = new ArrayList<>(plan.skipped());
    try {
      List<Staged> staged = stageAll(archiveDir, plan, counter, what);
      putInPlace(staged, restored, skipped, what);
      succeeded = true;
    } finally {
      listener.finished(counter.progress(), succeeded);
    }
    log.info(
        "restored {} files ({} bytes) from archive {}{}; {} left alone",
        restored.size(),
        counter.bytes(),
        archiveDir,
        checked.targetDir().map(t -> " under " + t).orElse(" to original paths"),
        skipped.size());
    return new RestoreResult(checked.manifest(), restored, skipped, counter.bytes());
  }

  /** A file written whole beside its target. */
  private record Staged(RestorePlanner.Step step, Path temp) {}

  /**
   * Writes every file beside its target. On failure, removes what it wrote (temporary files and the
   * directories it made) and throws: no target has changed.
   */
  private static List<Staged> stageAll(
      Path archiveDir, RestorePlanner.Plan plan, ProgressCounter counter, String what)
      throws IOException {
    List<Staged> staged = new ArrayList<>();
    List<Path> madeDirs = new ArrayList<>();
    try {
      for (RestorePlanner.Step step : plan.steps()) {
        makeDirectories(step.target().getParent(), madeDirs);
        staged.add(new Staged(step, stage(archiveDir, step, counter)));
      }
      return staged;
    } catch (IOException | RuntimeException e) {
      for (Staged s : staged) {
        deleteQuietly(s.temp(), e);
      }
      for (int i = madeDirs.size() - 1; i >= 0; i--) {
        deleteQuietly(madeDirs.get(i), e);
      }
      if (e instanceof InvalidArchiveException) {
        throw e;
      }
      throw new IOException(
          what
              + " failed while writing the files beside their targets, before replacing any: "
              + e.getMessage()
              + "; no target was changed and what was written is removed: fix the cause and"
              + " restore again",
          e);
    }
  }

  /** Makes {@code dir} and its missing parents, recording each one made, outermost first. */
  private static void makeDirectories(Path dir, List<Path> made) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path d = dir; d != null && !Files.isDirectory(d); d = d.getParent()) {
      missing.add(0, d);
    }
    for (Path d : missing) {
      Files.createDirectory(d);
      made.add(d);
    }
  }

  private static Path stage(Path archiveDir, RestorePlanner.Step step, ProgressCounter counter)
      throws IOException {
    FileEntry entry = step.entry();
    Path target = step.target();
    Path temp =
        target.resolveSibling("." + target.getFileName() + ".quiesce-restore-" + UUID.randomUUID());
    try {
      Hashing.Result result;
      try (InputStream in =
              Files.newInputStream(
                  archiveDir.resolve(entry.archivePath()), LinkOption.NOFOLLOW_LINKS);
          FileChannel out = Permissions.createPrivate(temp)) {
        result = Hashing.copy(in, out, counter::addBytes);
        out.force(true);
      }
      if (result.size() != entry.size() || !result.sha256().equals(entry.sha256())) {
        throw new InvalidArchiveException(
            "archive " + archiveDir,
            List.of(
                entry.archivePath()
                    + " changed after it was verified: refused; no target was changed"));
      }
      Permissions.set(temp, entry.permissions());
      Files.setLastModifiedTime(temp, FileTime.from(entry.lastModified()));
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp, e);
      throw e;
    }
    counter.fileDone();
    return temp;
  }

  /** Renames every staged file over its target; on a failure, says exactly what was replaced. */
  private static void putInPlace(
      List<Staged> staged, List<Path> restored, List<Path> skipped, String what)
      throws IOException {
    Set<Path> dirs = new LinkedHashSet<>();
    for (int i = 0; i < staged.size(); i++) {
      Staged s = staged.get(i);
      Path target = s.step().target();
      try {
        if (s.step().onlyIfAbsent() && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          // RESTORE_IF_NOT_THERE: it appeared since the plan (in PreRestore, say); leave it.
          Files.delete(s.temp());
          skipped.add(target);
          continue;
        }
        Files.move(s.temp(), target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        List<Path> notRestored = new ArrayList<>();
        for (Staged rest : staged.subList(i, staged.size())) {
          deleteQuietly(rest.temp(), e);
          notRestored.add(rest.step().target());
        }
        throw new PartialRestoreException(what, restored, notRestored, e);
      }
      restored.add(target);
      dirs.add(target.getParent());
    }
    for (Path dir : dirs) {
      ArchiveFiles.syncDirectory(dir);
    }
  }

  private static void deleteQuietly(Path path, Throwable failure) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }
}
