package dev.quiesce.runtime.archive;

import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.runtime.internal.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a backup archive from a snapshot: copies each file of the selected components into {@code
 * data/}, computing its SHA-256 while copying, then writes {@code manifest.json} last and
 * atomically (a temporary file, synced, then renamed), so an archive without a manifest is never
 * mistaken for a backup. On failure it deletes what it wrote. Progress (files and bytes, with the
 * totals known before the first byte) goes to a {@link ProgressListener}.
 *
 * <p>Only regular files are archived: a listed path that is a link or a special file in the
 * snapshot is an error ({@link ComponentFiles#scan} leaves them out). Data files are synced before
 * the manifest is written.
 */
public final class ArchiveWriter {
  private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);

  private final ProgressListener listener;

  /** A writer that reports no progress. */
  public ArchiveWriter() {
    this(ProgressListener.none());
  }

  /** A writer that reports progress to {@code listener}. */
  public ArchiveWriter(ProgressListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Writes the archive of {@code request} from {@code snapshot}.
   *
   * @throws IllegalArgumentException if the request is for another snapshot set
   * @see #write(Path, ArchiveRequest, Function)
   */
  public Manifest write(Path archiveDir, ArchiveRequest request, Snapshot snapshot)
      throws IOException {
    if (!snapshot.id().equals(request.snapshotSetId())) {
      throw new IllegalArgumentException(
          "the request is for snapshot set "
              + request.snapshotSetId()
              + " but the snapshot is "
              + snapshot.id());
    }
    return write(archiveDir, request, snapshot::pathOf);
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
    List<ArchivePlanner.Planned> plan = ArchivePlanner.plan(request);
    boolean created = prepare(archiveDir);
    try {
      return writeAll(archiveDir, request, plan, snapshotPathOf);
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
      Function<Path, Path> pathOf)
      throws IOException {
    List<Path> sources = new ArrayList<>(plan.size());
    long totalBytes = 0;
    for (ArchivePlanner.Planned planned : plan) {
      Path source = pathOf.apply(planned.original());
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
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
      totalBytes += attrs.size();
    }
    ProgressCounter counter = new ProgressCounter(listener, plan.size(), totalBytes);
    boolean succeeded = false;
    long start = System.nanoTime();
    try {
      List<FileEntry> files = new ArrayList<>(plan.size());
      for (int i = 0; i < plan.size(); i++) {
        files.add(copy(archiveDir, plan.get(i), sources.get(i), counter));
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
              files);
      writeManifest(archiveDir, manifest);
      succeeded = true;
      log.info(
          "archive {}: {} files, {} bytes from snapshot set {} in {}",
          archiveDir,
          files.size(),
          counter.bytes(),
          request.snapshotSetId(),
          copy);
      return manifest;
    } finally {
      listener.finished(counter.progress(), succeeded);
    }
  }

  private static FileEntry copy(
      Path archiveDir, ArchivePlanner.Planned planned, Path source, ProgressCounter counter)
      throws IOException {
    Path target = archiveDir.resolve(planned.archivePath());
    Files.createDirectories(target.getParent());
    BasicFileAttributes before =
        Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    Hashing.Result result;
    try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
        FileChannel out = Permissions.createPrivate(target)) {
      result = Hashing.copy(in, out, counter::addBytes);
      out.force(true);
    } catch (IOException e) {
      throw new IOException(
          "cannot copy " + planned.original() + " (" + source + ") into the archive: " + e, e);
    }
    if (result.size() != before.size()) {
      throw new IOException(
          planned.original()
              + " changed while being archived (it had "
              + before.size()
              + " bytes, "
              + result.size()
              + " were read): the snapshot is not stable; take a new one");
    }
    Files.setLastModifiedTime(target, before.lastModifiedTime());
    counter.fileDone();
    return new FileEntry(
        planned.writerId(),
        planned.instanceName(),
        planned.component(),
        planned.original(),
        planned.archivePath(),
        result.size(),
        result.sha256(),
        before.lastModifiedTime().toInstant(),
        Permissions.of(source));
  }

  private static void writeManifest(Path archiveDir, Manifest manifest) throws IOException {
    Path temp = archiveDir.resolve(Manifest.FILE_NAME + ".tmp");
    try (FileChannel out = Permissions.createPrivate(temp)) {
      out.write(ByteBuffer.wrap(manifest.toJson()));
      out.force(true);
    }
    Files.move(temp, archiveDir.resolve(Manifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
    ArchiveFiles.syncDirectory(archiveDir);
  }

  private static List<WriterEntry> writerEntries(ArchiveRequest request) {
    return request.writers().stream()
        .map(
            w ->
                new WriterEntry(
                    w.metadata(), w.components().stream().map(ComponentFiles::component).toList()))
        .toList();
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
      Files.createDirectory(archiveDir.resolve(ArchivePaths.DATA));
      return false;
    }
    Files.createDirectories(archiveDir.resolve(ArchivePaths.DATA));
    return true;
  }

  private static void cleanUp(Path archiveDir, boolean created) throws IOException {
    if (created) {
      FileTrees.deleteTree(archiveDir);
    } else {
      FileTrees.deleteTree(archiveDir.resolve(ArchivePaths.DATA));
      Files.deleteIfExists(archiveDir.resolve(Manifest.FILE_NAME + ".tmp"));
    }
  }
}
