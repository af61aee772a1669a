package dev.quiesce.runtime.archive;

import com.google.common.io.MoreFiles;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.runtime.SnapshotSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a backup archive from a snapshot: copies each file of the selected components into {@code
 * data/}, computing its SHA-256 while copying (on a reader thread, overlapping the writes: {@link
 * CopyPipeline}), then writes {@code manifest.json} last and atomically, so an archive without a
 * manifest is never mistaken for a backup. On failure it deletes what it wrote. Progress (files and
 * bytes, with the totals known before the first byte) goes to a {@link ProgressListener}.
 *
 * <h2>Durability</h2>
 *
 * When {@link #write} returns, the archive is whole on disk, so a requestor may tell the writers
 * BackupComplete (they may then drop logs the backup now holds). Every write is complete or fails:
 * a short {@link FileChannel#write} is continued, a write that takes nothing fails (a full disk
 * once cut a manifest short and the backup reported success). Each data file is synced (with its
 * time) on a thread of its own while the next is copied ({@link SyncBehind}), and every one of them
 * before every directory of {@code data/} is; the manifest is written to {@code manifest.json.tmp},
 * synced, renamed to {@code manifest.json}, and the archive directory (and the directories made for
 * it) synced, so the rename survives a crash. The data files and directories of a small archive of
 * many files are instead made durable by one sync of its filesystem, started once every data file
 * is in place (it runs while the files taken from the snapshot are still hashed) and awaited before
 * the manifest is renamed into place, where that is cheap and safe ({@link FilesystemSync}); if
 * that sync fails, every file and directory is synced one by one. A full disk fails the write with
 * a message that names the file and says what to do; nothing is left that could pass for a backup.
 *
 * <p>Only regular files are archived: a listed path that is a link or a special file in the
 * snapshot is an error ({@link ComponentFiles#scan} leaves them out). So is a file that vanished
 * from the snapshot or changed size in it: a snapshot must not change while it is read.
 */
public final class ArchiveWriter {
  private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);

  private final ProgressListener listener;
  private final DurableWrites.Creator creator;
  private final FilesystemSync filesystemSync;

  /** A writer that reports no progress. */
  public ArchiveWriter() {
    this(ProgressListener.none());
  }

  /** A writer that reports progress to {@code listener}. */
  public ArchiveWriter(ProgressListener listener) {
    this(listener, Permissions::createPrivate, new FilesystemSync());
  }

  /**
   * Tests: creates the archive's files with {@code creator} (to write short, or fail), each synced
   * on its own.
   */
  ArchiveWriter(ProgressListener listener, DurableWrites.Creator creator) {
    this(listener, creator, FilesystemSync.never());
  }

  /** Tests: {@code filesystemSync} decides when one sync of the filesystem does for all files. */
  ArchiveWriter(
      ProgressListener listener, DurableWrites.Creator creator, FilesystemSync filesystemSync) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.creator = Objects.requireNonNull(creator, "creator");
    this.filesystemSync = Objects.requireNonNull(filesystemSync, "filesystemSync");
  }

  /**
   * Writes the archive of {@code request} from {@code snapshot}, hard-linking its files instead of
   * copying them where they are {@linkplain Snapshot#privateCopies() private copies} on the
   * archive's filesystem.
   *
   * @throws IllegalArgumentException if the request is for another snapshot set
   * @see #write(Path, ArchiveRequest, Function)
   */
  public Manifest write(Path archiveDir, ArchiveRequest request, Snapshot snapshot)
      throws IOException {
    requireSameSet(request, snapshot.id());
    return write(
        archiveDir,
        request,
        snapshot::pathOf,
        Reuse.of(snapshot.privateCopies(), snapshot.clonable()));
  }

  /**
   * Writes the archive of {@code request} from a backup session's snapshot set. Where the set's
   * files are the provider's private copies ({@link SnapshotSet#privateCopies()}, the copy
   * provider's) and on the archive's filesystem, they are hard-linked into the archive, hashed and
   * synced instead of copied again.
   *
   * @throws IllegalArgumentException if the request is for another snapshot set
   * @see #write(Path, ArchiveRequest, Function)
   */
  public Manifest write(Path archiveDir, ArchiveRequest request, SnapshotSet set)
      throws IOException {
    requireSameSet(request, set.id());
    return write(archiveDir, request, set::pathOf, Reuse.of(set.privateCopies(), set.clonable()));
  }

  private static void requireSameSet(ArchiveRequest request, SnapshotSetId taken) {
    if (!taken.equals(request.snapshotSetId())) {
      throw new IllegalArgumentException(
          "the request is for snapshot set "
              + request.snapshotSetId()
              + " but the snapshot is of "
              + taken);
    }
  }

  /**
   * Writes the archive of {@code request} into {@code archiveDir}, reading each file where {@code
   * snapshotPathOf} says the snapshot holds it.
   *
   * @param archiveDir a directory that does not exist yet, or is empty
   * @return the manifest written
   * @throws IllegalArgumentException if the request lists a component the writer does not have, a
   *     file outside its component's file sets or excluded by its writer, or a writer twice
   * @throws IOException if the archive directory is not empty, a file cannot be read or written, or
   *     changed while being archived; nothing is left in {@code archiveDir}
   */
  public Manifest write(
      Path archiveDir, ArchiveRequest request, Function<Path, Path> snapshotPathOf)
      throws IOException {
    return write(archiveDir, request, snapshotPathOf, Reuse.NONE);
  }

  /** How the snapshot's files may be taken without copying them. */
  private enum Reuse {
    /** Copy every file. */
    NONE,
    /** Hard-link the provider's private copies ({@link SnapshotLinks}). */
    LINK,
    /** Clone the files on their filesystem ({@link SnapshotClones}). */
    CLONE;

    static Reuse of(boolean privateCopies, boolean clonable) {
      return privateCopies ? LINK : clonable ? CLONE : NONE;
    }
  }

  private Manifest write(
      Path archiveDir, ArchiveRequest request, Function<Path, Path> snapshotPathOf, Reuse reuse)
      throws IOException {
    List<ArchivePlanner.Planned> plan = ArchivePlanner.plan(request);
    Path existing = existingAncestor(archiveDir);
    boolean created = prepare(archiveDir);
    try {
      Manifest manifest = writeAll(archiveDir, request, plan, snapshotPathOf, reuse);
      // The directories made for the archive, so that its entry in its parent is on disk too.
      for (Path dir = archiveDir.toAbsolutePath().getParent();
          created && dir != null && dir.startsWith(existing);
          dir = dir.getParent()) {
        ArchiveFiles.syncDirectory(dir);
      }
      return manifest;
    } catch (IOException | RuntimeException | Error e) {
      try {
        cleanUp(archiveDir, created);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private Manifest writeAll(
      Path archiveDir,
      ArchiveRequest request,
      List<ArchivePlanner.Planned> plan,
      Function<Path, Path> pathOf,
      Reuse reuse)
      throws IOException {
    List<Path> sources = new ArrayList<>(plan.size());
    List<BasicFileAttributes> listed = new ArrayList<>(plan.size());
    long totalBytes = 0;
    for (ArchivePlanner.Planned planned : plan) {
      Path source = pathOf.apply(planned.original());
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        throw vanished(planned, source, e);
      } catch (IOException e) {
        throw new IOException(
            "cannot read " + planned.original() + " in the snapshot (" + source + "): " + e, e);
      }
      if (!attrs.isRegularFile()) {
        throw new IOException(
            planned.original()
                + " is "
                + (attrs.isSymbolicLink() ? "a symbolic link" : "not a regular file")
                + " in the snapshot ("
                + source
                + "): archives hold regular files only; leave it out of the file list");
      }
      sources.add(source);
      listed.add(attrs);
      totalBytes += attrs.size();
    }
    ProgressCounter counter = new ProgressCounter(listener, plan.size(), totalBytes);
    List<Path> targets = plan.stream().map(p -> archiveDir.resolve(p.archivePath())).toList();
    // Clones are made in batches, a cp per directory; links file by file, on the hashing pool.
    Map<Integer, String> cloned =
        reuse == Reuse.CLONE
            ? new SnapshotClones().cloneAll(archiveDir, sources, targets)
            : Map.of();
    boolean succeeded = false;
    long start = System.nanoTime();
    long needed = totalBytes;
    // Decided before the first byte: the files are then only closed, and synced all at once.
    boolean atOnce = filesystemSync.suits(archiveDir, plan.size(), totalBytes);
    try {
      FileEntry[] entries = new FileEntry[plan.size()];
      Set<Path> dirs = new TreeSet<>(Comparator.reverseOrder());
      FutureTask<Void> syncing;
      try (CopyPipeline pipeline = new CopyPipeline();
          SyncBehind syncs = atOnce ? null : new SyncBehind(SyncBehind.INLINE_BYTES);
          HashingPool pool = reuse == Reuse.NONE ? null : new HashingPool()) {
        ArchiveRun run = new ArchiveRun(archiveDir, needed, counter, dirs, pipeline, syncs);
        // The files taken from the snapshot (linked there, or cloned above) are hashed on the pool
        // while the others are copied; one that cannot be linked is copied after. Every entry goes
        // in the plan's order.
        Map<Integer, TakenFile> taking = new TreeMap<>();
        for (int i = 0; i < plan.size(); i++) {
          if (reuse == Reuse.LINK || cloned.containsKey(i)) {
            TakenFile file = new TakenFile(plan.get(i), sources.get(i), listed.get(i));
            file.start(run, pool, cloned.get(i));
            taking.put(i, file);
          }
        }
        for (int i = 0; i < plan.size(); i++) {
          if (!taking.containsKey(i)) {
            entries[i] = copy(run, plan.get(i), sources.get(i), listed.get(i));
          }
        }
        for (Map.Entry<Integer, TakenFile> each : List.copyOf(taking.entrySet())) {
          if (!each.getValue().awaitTaken()) {
            int i = each.getKey();
            entries[i] = copy(run, plan.get(i), sources.get(i), listed.get(i));
            taking.remove(i);
          }
        }
        // Every data file is in place: the filesystem's sync overlaps the hashing still going on.
        syncing = atOnce ? startFilesystemSync(archiveDir) : null;
        int linked = 0;
        for (Map.Entry<Integer, TakenFile> each : taking.entrySet()) {
          entries[each.getKey()] = each.getValue().entry(counter);
          linked += reuse == Reuse.LINK ? 1 : 0;
        }
        if (linked > 0) {
          log.info(
              "archive {}: {} of {} files taken from the snapshot's private copies by hard link,"
                  + " not copied again",
              archiveDir,
              linked,
              plan.size());
        }
        if (syncs != null) {
          // Every data file durable before the directories and the manifest.
          syncs.awaitAll();
        }
      }
      if (!atOnce) {
        for (Path dir : dirs) {
          syncDirectory(dir, archiveDir, needed);
        }
      }
      Duration copy = Duration.ofNanos(System.nanoTime() - start);
      Manifest manifest =
          new Manifest(
              Manifest.CURRENT_SCHEMA_VERSION,
              request.snapshotSetId(),
              request.provider(),
              request.outcome(),
              new Timings(request.startedAt(), request.freezeWindow(), copy),
              writerEntries(request),
              List.of(entries),
              request.backupComponents());
      Path temp = writeManifest(archiveDir, manifest, needed);
      if (syncing != null) {
        awaitFilesystemSync(syncing, archiveDir, targets, dirs, needed);
      }
      publishManifest(archiveDir, temp, needed + Files.size(temp));
      succeeded = true;
      log.info(
          "archive {}: {} files, {} bytes from snapshot set {} in {}",
          archiveDir,
          entries.length,
          counter.bytes(),
          request.snapshotSetId(),
          copy);
      return manifest;
    } finally {
      listener.finished(counter.progress(), succeeded);
    }
  }

  private FileEntry copy(
      ArchiveRun run, ArchivePlanner.Planned planned, Path source, BasicFileAttributes before)
      throws IOException {
    Path archiveDir = run.archiveDir();
    long needed = run.needed();
    Path target = archiveDir.resolve(planned.archivePath());
    String what = "the copy of " + planned.original();
    run.makeDirectories(target, what);
    Hashing.Result result;
    FileChannel out = null;
    try (InputStream in = open(planned, source)) {
      out = create(target, what, archiveDir, needed);
      try {
        result = run.pipeline().copy(in, out, run.counter()::addBytes);
      } catch (IOException e) {
        if (DurableWrites.isDiskFull(e)) {
          throw DurableWrites.failure(e, what, target, archiveDir, needed);
        }
        throw new IOException(
            "cannot copy " + planned.original() + " (" + source + ") into the archive: " + e, e);
      }
      if (result.size() != before.size()) {
        throw changed(planned, before.size(), result.size());
      }
      try {
        // The time before the sync, so that the sync makes it durable too.
        Files.setLastModifiedTime(target, before.lastModifiedTime());
      } catch (IOException e) {
        throw DurableWrites.failure(e, what, target, archiveDir, needed);
      }
      FileChannel written = out;
      out = null; // the sync closes it, while the next file is copied
      if (run.syncs() == null) {
        written.close(); // synced with the whole filesystem at the end
      } else {
        run.syncs()
            .submit(
                result.size(),
                () -> ArchiveRun.forceAndClose(written, what, target, archiveDir, needed));
      }
    } catch (IOException | RuntimeException | Error e) {
      if (out != null) {
        try {
          out.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
    run.counter().fileDone();
    return entry(planned, result, before, Permissions.of(source));
  }

  static FileEntry entry(
      ArchivePlanner.Planned planned,
      Hashing.Result result,
      BasicFileAttributes before,
      String permissions) {
    return new FileEntry(
        planned.writerId(),
        planned.instanceName(),
        planned.component(),
        planned.original(),
        planned.archivePath(),
        result.size(),
        result.sha256(),
        before.lastModifiedTime().toInstant(),
        permissions);
  }

  /** Starts the one sync of the archive's filesystem, on a thread of its own. */
  private FutureTask<Void> startFilesystemSync(Path archiveDir) {
    FutureTask<Void> sync =
        new FutureTask<>(
            () -> {
              filesystemSync.sync(archiveDir);
              return null;
            });
    Thread thread = new Thread(sync, "quiesce-archive-syncfs");
    thread.setDaemon(true);
    thread.start();
    return sync;
  }

  /**
   * Waits for the sync of the archive's filesystem, which makes every data file and directory
   * durable; if it failed, syncs each of them, which names the file that cannot be written or shows
   * the failure was another file's.
   */
  private static void awaitFilesystemSync(
      FutureTask<Void> sync, Path archiveDir, List<Path> files, Set<Path> dirs, long needed)
      throws IOException {
    try {
      sync.get();
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while syncing the archive's filesystem");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InterruptedIOException interrupted) {
        throw interrupted;
      }
      log.warn(
          "archive {}: one sync of its filesystem failed ({}); syncing its files one by one",
          archiveDir,
          e.getCause().getMessage());
    }
    try (SyncBehind syncs = new SyncBehind(SyncBehind.INLINE_BYTES)) {
      for (Path file : files) {
        ArchiveRun.syncBehind(syncs, file, "the archived file", archiveDir, needed);
      }
      syncs.awaitAll();
    }
    for (Path dir : dirs) {
      syncDirectory(dir, archiveDir, needed);
    }
  }

  static IOException changed(ArchivePlanner.Planned planned, long listed, long read) {
    return new IOException(
        planned.original()
            + " changed while being archived (it had "
            + listed
            + " bytes, "
            + read
            + " were read): the snapshot is not stable; take a new one");
  }

  private static InputStream open(ArchivePlanner.Planned planned, Path source) throws IOException {
    try {
      return Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw vanished(planned, source, e);
    } catch (IOException e) {
      throw new IOException(
          "cannot read " + planned.original() + " in the snapshot (" + source + "): " + e, e);
    }
  }

  private FileChannel create(Path file, String what, Path archiveDir, long needed)
      throws IOException {
    try {
      return creator.create(file);
    } catch (IOException e) {
      throw DurableWrites.failure(e, what, file, archiveDir, needed);
    }
  }

  private static IOException vanished(
      ArchivePlanner.Planned planned, Path source, NoSuchFileException e) {
    return new IOException(
        planned.original()
            + " vanished from the snapshot ("
            + source
            + ") after it was listed: the snapshot is not stable (is something deleting files in"
            + " it?); take a new one",
        e);
  }

  private static void syncDirectory(Path dir, Path archiveDir, long needed) throws IOException {
    try {
      ArchiveFiles.syncDirectory(dir);
    } catch (IOException e) {
      throw DurableWrites.failure(e, "the directory", dir, archiveDir, needed);
    }
  }

  /**
   * Writes the manifest to its temporary file, synced.
   *
   * @return the temporary file
   */
  private Path writeManifest(Path archiveDir, Manifest manifest, long needed) throws IOException {
    Path temp = archiveDir.resolve(Manifest.FILE_NAME + ".tmp");
    byte[] json = manifest.toJson();
    long all = needed + json.length;
    try (FileChannel out = create(temp, "the manifest", archiveDir, all)) {
      try {
        DurableWrites.writeFully(out, ByteBuffer.wrap(json));
        out.force(true);
      } catch (IOException e) {
        throw DurableWrites.failure(e, "the manifest", temp, archiveDir, all);
      }
    }
    return temp;
  }

  /** Renames the durable temporary manifest into place and syncs the archive directory. */
  private static void publishManifest(Path archiveDir, Path temp, long all) throws IOException {
    Path target = archiveDir.resolve(Manifest.FILE_NAME);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw DurableWrites.failure(e, "the manifest", target, archiveDir, all);
    }
    syncDirectory(archiveDir, archiveDir, all);
  }

  private static List<WriterEntry> writerEntries(ArchiveRequest request) {
    return request.writers().stream()
        .map(
            w ->
                new WriterEntry(
                    w.metadata(), w.components().stream().map(ComponentFiles::component).toList()))
        .toList();
  }

  /** The nearest of {@code dir} and its ancestors that exists. */
  private static Path existingAncestor(Path dir) {
    Path absolute = dir.toAbsolutePath();
    while (absolute.getParent() != null && !Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      absolute = absolute.getParent();
    }
    return absolute;
  }

  /** Makes the archive directory; returns whether it was created (rather than found empty). */
  private static boolean prepare(Path archiveDir) throws IOException {
    if (Files.exists(archiveDir, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(archiveDir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(
            archiveDir + " exists and is not a directory: choose a new archive directory");
      }
      try (Stream<Path> entries = Files.list(archiveDir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(
              "archive directory " + archiveDir + " is not empty: choose a new or empty directory");
        }
      }
      Permissions.createPrivateDirectory(archiveDir.resolve(ArchivePaths.DATA));
      return false;
    }
    Files.createDirectories(archiveDir);
    Permissions.createPrivateDirectory(archiveDir.resolve(ArchivePaths.DATA));
    return true;
  }

  /** Guava's recursive delete (links deleted, never followed), for a tree that may not exist. */
  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      MoreFiles.deleteRecursively(root);
    }
  }

  private static void cleanUp(Path archiveDir, boolean created) throws IOException {
    if (created) {
      deleteTree(archiveDir);
    } else {
      deleteTree(archiveDir.resolve(ArchivePaths.DATA));
      Files.deleteIfExists(archiveDir.resolve(Manifest.FILE_NAME + ".tmp"));
    }
  }
}
