package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore whose every file is written whole, hashed as it was read from the archive and found to
 * match the manifest, and synced, and no target replaced yet ({@link Restorer#stage}): beside its
 * target, or, to original paths, in a staging directory beside the writer's file set ({@link
 * StagingPlaces}). {@link #putInPlace} then renames each over its target; {@link #close} without it
 * removes the temporary files and the directories made for them, leaving the file system as it was.
 * A requestor stages before PreRestore, so that a damaged archive is refused first, and puts the
 * files in place after it.
 */
public final class StagedRestore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StagedRestore.class);

  private final CheckedRestore checked;
  private final List<Staged> staged;
  private final List<Path> madeDirs;
  private final StagingPlaces places;
  private final ProgressListener listener;
  private final ProgressCounter counter;
  private boolean finished;

  /** A file written whole beside its target. */
  private record Staged(RestorePlanner.Step step, Path temp) {}

  private StagedRestore(
      CheckedRestore checked,
      List<Staged> staged,
      List<Path> madeDirs,
      StagingPlaces places,
      ProgressListener listener,
      ProgressCounter counter) {
    this.checked = checked;
    this.staged = staged;
    this.madeDirs = madeDirs;
    this.places = places;
    this.listener = listener;
    this.counter = counter;
  }

  /**
   * Writes every file of {@code checked} where {@code places} says in one pass over the archive:
   * read and hashed on one thread, written on this one, synced behind the next file (a large one
   * before it), or all at once by one sync of their filesystem where {@code filesystemSync} suits
   * them (many small files on one local filesystem, as an archive's). On failure removes what it
   * wrote (temporary files and the directories it made) and throws: no target has changed.
   *
   * @throws StagingUnavailableException if {@code places} cannot place a file; nothing was read
   * @throws InvalidArchiveException if a file does not match the manifest
   * @throws IOException if a file could not be written
   */
  static StagedRestore stage(
      CheckedRestore checked,
      ProgressListener listener,
      FilesystemSync filesystemSync,
      StagingPlaces places)
      throws IOException {
    RestorePlanner.Plan plan = checked.plan();
    List<Path> temps = new ArrayList<>();
    try {
      for (RestorePlanner.Step step : plan.steps()) {
        temps.add(places.tempFor(step.target()));
      }
    } catch (IOException | RuntimeException e) {
      removeAll(List.of(), places.directories(), e);
      throw e;
    }
    long totalBytes = plan.steps().stream().mapToLong(s -> s.entry().size()).sum();
    ProgressCounter counter = new ProgressCounter(listener, plan.steps().size(), totalBytes);
    List<Staged> staged = new ArrayList<>();
    List<Path> madeDirs = new ArrayList<>();
    try {
      Path oneFilesystem = OneFilesystem.of(temps);
      boolean atOnce =
          oneFilesystem != null
              && filesystemSync.suits(oneFilesystem, plan.steps().size(), totalBytes);
      try (CopyPipeline pipeline = new CopyPipeline();
          SyncBehind syncs = atOnce ? null : new SyncBehind(SyncBehind.INLINE_BYTES)) {
        for (int i = 0; i < temps.size(); i++) {
          RestorePlanner.Step step = plan.steps().get(i);
          if (places.besideTarget()) {
            makeDirectories(step.target().getParent(), madeDirs);
          }
          stageOne(checked, step, temps.get(i), pipeline, syncs, counter);
          staged.add(new Staged(step, temps.get(i)));
        }
        if (syncs != null) {
          syncs.awaitAll();
        }
      }
      if (atOnce) {
        syncAtOnce(filesystemSync, oneFilesystem, temps, checked);
      }
      return new StagedRestore(checked, staged, madeDirs, places, listener, counter);
    } catch (IOException | RuntimeException e) {
      removeAll(temps, directoriesMade(places, madeDirs), e);
      listener.finished(counter.progress(), false);
      if (e instanceof InvalidArchiveException) {
        throw e;
      }
      throw new IOException(
          what(checked)
              + " failed while writing the files before replacing any: "
              + e.getMessage()
              + "; no target was changed and what was written is removed: fix the cause and"
              + " restore again",
          e);
    }
  }

  private static void stageOne(
      CheckedRestore checked,
      RestorePlanner.Step step,
      Path temp,
      CopyPipeline pipeline,
      SyncBehind syncs,
      ProgressCounter counter)
      throws IOException {
    FileEntry entry = step.entry();
    Path archived = checked.archiveDir().resolve(entry.archivePath());
    FileChannel out = null;
    try (InputStream in = Files.newInputStream(archived, LinkOption.NOFOLLOW_LINKS)) {
      out = Permissions.createPrivate(temp);
      Hashing.Result result = pipeline.copy(in, out, counter::addBytes);
      String problem = mismatch(entry, result, checked.contentsVerified());
      if (problem != null) {
        throw new InvalidArchiveException("archive " + checked.archiveDir(), List.of(problem));
      }
      Permissions.set(temp, entry.permissions());
      Files.setLastModifiedTime(temp, FileTime.from(entry.lastModified()));
      FileChannel written = out;
      out = null; // the sync closes it, while the next file is copied
      if (syncs == null) {
        written.close(); // synced with its whole filesystem once all are written
      } else {
        syncs.submit(
            result.size(),
            () -> {
              try (written) {
                written.force(true);
              }
            });
      }
    } catch (IOException | RuntimeException e) {
      if (out != null) {
        try {
          out.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
    counter.fileDone();
  }

  /**
   * Makes the staged files durable with one sync of their filesystem; if that fails, syncs each of
   * them, which names the file that cannot be written or shows the failure was another's.
   */
  private static void syncAtOnce(
      FilesystemSync filesystemSync, Path dir, List<Path> temps, CheckedRestore checked)
      throws IOException {
    try {
      filesystemSync.sync(dir);
      return;
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      log.warn(
          "{}: one sync of the filesystem failed ({}); syncing its files one by one",
          what(checked),
          e.getMessage());
    }
    try (SyncBehind syncs = new SyncBehind(SyncBehind.INLINE_BYTES)) {
      for (Path temp : temps) {
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
        syncs.submit(
            0,
            () -> {
              try (channel) {
                channel.force(true);
              }
            });
      }
      syncs.awaitAll();
    }
  }

  /** What is wrong with the bytes read for {@code entry}, or null if they match the manifest. */
  private static String mismatch(FileEntry entry, Hashing.Result read, boolean verifiedBefore) {
    if (read.size() == entry.size() && read.sha256().equals(entry.sha256())) {
      return null;
    }
    if (verifiedBefore) {
      return entry.archivePath() + " changed after it was verified: refused; no target was changed";
    }
    String found =
        read.size() != entry.size()
            ? " has " + read.size() + " bytes but the manifest says " + entry.size()
            : " has SHA-256 " + read.sha256() + " but the manifest says " + entry.sha256();
    return entry.archivePath()
        + found
        + ": the file is corrupt or was changed; refused, no target was changed (the restore"
        + " stops at the first damaged file: verify the archive to list them all)";
  }

  /**
   * Renames every staged file over its target; on a failure, says exactly what was replaced.
   *
   * @throws PartialRestoreException if a rename failed part way; it names what was and was not
   *     replaced, and the files not put in place are removed
   * @throws IllegalStateException if called twice, or after {@link #close}
   */
  public RestoreResult putInPlace() throws IOException {
    if (finished) {
      throw new IllegalStateException("this restore was already put in place or abandoned");
    }
    finished = true;
    RestorePlanner.Plan plan = checked.plan();
    List<Path> restored = new ArrayList<>();
    List<Path> skipped = new ArrayList<>(plan.skipped());
    boolean succeeded = false;
    try {
      rename(restored, skipped);
      succeeded = true;
    } finally {
      listener.finished(counter.progress(), succeeded);
    }
    log.info(
        "restored {} files ({} bytes) from archive {}{}; {} left alone",
        restored.size(),
        counter.bytes(),
        checked.archiveDir(),
        checked.targetDir().map(t -> " under " + t).orElse(" to original paths"),
        skipped.size());
    return new RestoreResult(checked.manifest(), restored, skipped, counter.bytes());
  }

  private void rename(List<Path> restored, List<Path> skipped) throws IOException {
    Set<Path> dirs = new LinkedHashSet<>();
    int madeBefore = madeDirs.size();
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
        if (!places.besideTarget()) {
          // Staged outside the file sets: PreRestore may have moved the target's directory away.
          makeDirectories(target.getParent(), madeDirs);
        }
        move(s.temp(), target);
      } catch (IOException | RuntimeException e) {
        List<Path> notRestored = new ArrayList<>();
        for (Staged rest : staged.subList(i, staged.size())) {
          deleteQuietly(rest.temp(), e);
          notRestored.add(rest.step().target());
        }
        removeAll(List.of(), places.directories(), e);
        throw new PartialRestoreException(what(checked), restored, notRestored, e);
      }
      restored.add(target);
      dirs.add(target.getParent());
    }
    // A directory made here is durable once its parent is synced too.
    madeDirs.subList(madeBefore, madeDirs.size()).forEach(d -> dirs.add(d.getParent()));
    for (Path dir : dirs) {
      ArchiveFiles.syncDirectory(dir);
    }
    IOException left = new IOException("staging directories left");
    removeAll(List.of(), places.directories(), left);
    for (Throwable t : left.getSuppressed()) {
      log.warn("{}: a staging directory could not be removed: {}", what(checked), t.toString());
    }
  }

  /**
   * Renames {@code staged} over {@code target}; if they are on different filesystems after all (a
   * PreRestore that mounted one), copies it beside the target, syncs it, and renames that.
   */
  private static void move(Path staged, Path target) throws IOException {
    try {
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException acrossFilesystems) {
      Path beside = StagingPlaces.besideTargets().tempFor(target);
      try {
        Files.copy(staged, beside, StandardCopyOption.COPY_ATTRIBUTES);
        try (FileChannel channel = FileChannel.open(beside, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        Files.move(beside, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(beside, e);
        throw e;
      }
      Files.delete(staged);
    }
  }

  /**
   * Abandons the restore if it was not put in place: removes every temporary file and the
   * directories made for them, so no target and nothing else has changed.
   *
   * @throws IOException if something could not be removed; it names it
   */
  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    IOException failure =
        new IOException(
            what(checked) + " was abandoned, but some of its temporary files could not be removed");
    removeAll(
        staged.stream().map(Staged::temp).toList(), directoriesMade(places, madeDirs), failure);
    listener.finished(counter.progress(), false);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private static String what(CheckedRestore checked) {
    return "restore of archive " + checked.archiveDir();
  }

  /** Every directory made, in the order made: the staging directories, then the targets'. */
  private static List<Path> directoriesMade(StagingPlaces places, List<Path> madeDirs) {
    List<Path> all = new ArrayList<>(places.directories());
    all.addAll(madeDirs);
    return all;
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

  private static void removeAll(List<Path> temps, List<Path> madeDirs, Throwable failure) {
    for (Path temp : temps) {
      deleteQuietly(temp, failure);
    }
    for (int i = madeDirs.size() - 1; i >= 0; i--) {
      deleteQuietly(madeDirs.get(i), failure);
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
