package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup archive, to the files' original paths or re-rooted under another directory
 * ({@code /var/db/a} to {@code <dir>/var/db/a}).
 *
 * <p>Nothing is written until the whole archive has been verified ({@link ArchiveVerifier}: every
 * size and checksum, no missing, extra, linked or special entry) and every target has been checked
 * ({@code ..}, absolute archive paths, links on the way inside the target directory, targets
 * outside it after normalization: all refused). If anything is wrong it throws {@link
 * InvalidArchiveException} listing every problem, and the file system is untouched. Each file is
 * then written to a temporary file beside its target, hashed again while copying, synced, given its
 * last-modified time, and renamed into place atomically, so a reader never sees a half-restored
 * file.
 *
 * <p>The writer's {@link dev.quiesce.api.metadata.RestoreMethod#RESTORE_IF_NOT_THERE} is honoured
 * (existing files are left alone); for every other method existing files are replaced. Raising
 * PreRestore and PostRestore around the restore is the requestor's job. Restoring to the original
 * paths trusts the paths recorded in the manifest (archives are checksummed, not signed): restore
 * an archive of unknown origin to another directory first.
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
   * Restores every file of the archive to its original path.
   *
   * @throws InvalidArchiveException if the archive or a target is refused; nothing was written
   * @throws IOException if writing fails part way; the message says how many files were restored
   */
  public RestoreResult restoreToOriginal(Path archiveDir) throws IOException {
    return restore(check(archiveDir, Optional.empty()));
  }

  /**
   * Restores every file of the archive under {@code targetDir}, at its original absolute path
   * re-rooted there.
   *
   * @throws InvalidArchiveException if the archive or a target is refused; nothing was written
   * @throws IOException if writing fails part way; the message says how many files were restored
   */
  public RestoreResult restoreTo(Path archiveDir, Path targetDir) throws IOException {
    return restore(check(archiveDir, Optional.of(targetDir)));
  }

  /**
   * Verifies the archive and checks every target of its restore, writing nothing: refuses now what
   * {@link #restoreTo} or {@link #restoreToOriginal} would refuse before writing, so that a
   * requestor can check before it tells any writer (PreRestore).
   *
   * @param targetDir the directory to restore under, or empty for the files' original paths
   * @return the checked archive, to hand to {@link #restore(CheckedRestore)}
   * @throws InvalidArchiveException if the archive or a target is refused
   * @throws IOException if the archive cannot be read
   */
  public CheckedRestore check(Path archiveDir, Optional<Path> targetDir) throws IOException {
    Path base = targetDir.map(dir -> dir.toAbsolutePath().normalize()).orElse(null);
    Manifest manifest = ArchiveVerifier.verify(archiveDir);
    RestorePlanner.Plan plan = RestorePlanner.plan(manifest, base);
    if (!plan.problems().isEmpty()) {
      throw new InvalidArchiveException(
          "restore of archive " + archiveDir + (base == null ? "" : " to " + base),
          plan.problems());
    }
    return new CheckedRestore(archiveDir, base, manifest, plan);
  }


  /**
   * Restores an archive {@link #check} accepted, as {@link #restoreTo} or {@link
   * #restoreToOriginal} would, without verifying the whole archive again.
   *
   * @throws IOException if a file could not be written, or no longer matches its checksum
   */
  public RestoreResult restore(CheckedRestore checked) throws IOException {
    Path archiveDir = checked.archiveDir();
    Path base = checked.base();
    Manifest manifest = checked.manifest();
    RestorePlanner.Plan plan = checked.plan();
    long totalBytes = plan.steps().stream().mapToLong(s -> s.entry().size()).sum();
    ProgressCounter counter = new ProgressCounter(listener, plan.steps().size(), totalBytes);
    List<Path> restored = new ArrayList<>();
    boolean succeeded = false;
    try {
      for (RestorePlanner.Step step : plan.steps()) {
        try {
          restoreOne(archiveDir, step, counter);
        } catch (IOException e) {
          throw new IOException(
              "restore of archive "
                  + archiveDir
                  + " stopped after "
                  + restored.size()
                  + " of "
                  + plan.steps().size()
                  + " files: "
                  + e.getMessage()
                  + "; fix the cause and restore again (restored files are replaced)",
              e);
        }
        restored.add(step.target());
      }
      succeeded = true;
    } finally {
      listener.finished(counter.progress(), succeeded);
    }
    log.info(
        "restored {} files ({} bytes) from archive {}{}; {} left alone",
        restored.size(),
        counter.bytes(),
        archiveDir,
        base == null ? "" : " under " + base,
        plan.skipped().size());
    return new RestoreResult(manifest, restored, plan.skipped(), counter.bytes());
  }

  private static void restoreOne(Path archiveDir, RestorePlanner.Step step, ProgressCounter counter)
      throws IOException {
    FileEntry entry = step.entry();
    Path target = step.target();
    Files.createDirectories(target.getParent());
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
            List.of(entry.archivePath() + " changed after it was verified: refused"));
      }
      Permissions.set(temp, entry.permissions());
      Files.setLastModifiedTime(temp, FileTime.from(entry.lastModified()));
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    counter.fileDone();
  }
}
