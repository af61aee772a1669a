package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;

/**
 * A file taken from the snapshot instead of copied: hard-linked on the hashing pool (the provider's
 * private copies) or cloned already (a volume snapshot's files). Its sync starts behind (it writes
 * at most what the provider's copy left in the page cache, and no copy of ours competes for the
 * disk) and its hash on the pool; {@link #entry} waits for it.
 */
final class TakenFile {
  private final ArchivePlanner.Planned planned;
  private final Path source;
  private final BasicFileAttributes before;
  private HashingPool.Pending<Taken> pending;

  /** Completed by the pool once the file is in place (true) or could not be linked (false). */
  private final CompletableFuture<Boolean> inPlace = new CompletableFuture<>();

  /** What a thread of the pool did: the source's permissions, and the hash; null if unlinked. */
  private record Taken(String permissions, Hashing.Result result) {}

  TakenFile(ArchivePlanner.Planned planned, Path source, BasicFileAttributes before) {
    this.planned = planned;
    this.source = source;
    this.before = before;
  }

  /**
   * Starts taking the file: links it first unless {@code clonedWithPermissions} says it is cloned
   * in place already (with the permissions its source had).
   */
  void start(ArchiveRun run, HashingPool pool, String clonedWithPermissions) throws IOException {
    Path target = run.archiveDir().resolve(planned.archivePath());
    String what = "the archived " + planned.original();
    run.makeDirectories(target, what);
    pending =
        pool.submit(
            hashing -> {
              String permissions;
              try {
                permissions =
                    clonedWithPermissions != null
                        ? clonedWithPermissions
                        : SnapshotLinks.link(source, target);
              } catch (IOException | RuntimeException | Error e) {
                inPlace.completeExceptionally(e);
                throw e;
              }
              inPlace.complete(permissions != null);
              if (permissions == null) {
                return null;
              }
              if (run.syncs() != null) {
                ArchiveRun.syncBehind(run.syncs(), target, what, run.archiveDir(), run.needed());
              }
              try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
                return new Taken(permissions, hashing.read(in, n -> {}));
              }
            });
  }

  /**
   * Waits until the file is in the archive (linked, or cloned before): it is whole on disk then,
   * though maybe not yet hashed.
   *
   * @return false if it could not be linked (nothing is left at its place: the caller copies it)
   */
  boolean awaitTaken() throws IOException {
    return new HashingPool.Pending<>(inPlace).await();
  }

  /** The file's entry once hashed, or null if it could not be linked (nothing left there). */
  FileEntry entry(ProgressCounter counter) throws IOException {
    Taken taken = pending.await();
    if (taken == null) {
      return null;
    }
    if (taken.result().size() != before.size()) {
      throw ArchiveWriter.changed(planned, before.size(), taken.result().size());
    }
    counter.addBytes(taken.result().size());
    counter.fileDone();
    return ArchiveWriter.entry(planned, taken.result(), before, taken.permissions());
  }
}
