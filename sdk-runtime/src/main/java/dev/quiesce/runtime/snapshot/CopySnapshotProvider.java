package dev.quiesce.runtime.snapshot;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotPreparation;
import dev.quiesce.api.spi.SnapshotProvider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default snapshot provider: copies the snapshot set's files into a shadow directory while the
 * writers are frozen. It needs no volume manager and works on any filesystem; on one that can clone
 * files (btrfs, XFS with reflink, bcachefs, ZFS 2.2+) the copy is a reflink clone and takes little
 * time and space.
 *
 * <h2>How it copies</h2>
 *
 * Each snapshot set gets {@code <shadowRoot>/<snapshotSetId>/}, and every path is copied to its
 * absolute path re-rooted there ({@code /var/db/orders} to {@code
 * <shadowRoot>/<id>/var/db/orders}), so nothing can collide. That directory is one only this
 * process's user can enter ({@code rwx------}): a copy keeps its original's mode, and whatever
 * directory kept others out of the original must not be missing above the copy. Regular files are
 * copied with GNU {@code cp --reflink=auto --parents --preserve=mode,timestamps}, thousands of
 * files per process; where GNU {@code cp} is missing (or {@link Builder#javaCopyOnly()} is set)
 * with {@link Files#copy}. Java cannot issue {@code FICLONE} itself, hence {@code cp}. Whether the
 * shadow root's filesystem can clone is probed once per filesystem ({@code cp --reflink=always} on
 * a probe file) and decides how much free space {@link #check} demands. Contents, sizes and
 * last-modified times of files and directories are kept.
 *
 * <h2>Links and special files</h2>
 *
 * A symbolic link is never followed. A link whose target (resolved lexically against the link's
 * directory) stays inside the snapshot set is recreated as a link: a relative target as it is, an
 * absolute one pointing at the copy, so the snapshot never reaches back into live data. A link out
 * of the set, and any FIFO, socket or device, is skipped with a warning in the log. A path of the
 * set that is itself a link is refused by {@link #check}: name the real path.
 *
 * <h2>Files that vanish</h2>
 *
 * A file listed but gone when copied (deleted or renamed in between, as a database deletes an old
 * log) is left out of the copy and reported by {@link Snapshot#vanished()}; so is an entry gone
 * between its directory's listing and its own. It is no error here: this provider cannot tell a
 * frozen writer's file from one nobody froze. For an unfrozen copy it is how a live directory
 * looks; for a frozen writer the coordinator fails the snapshot set (or, under {@code
 * CONTINUE_CRASH_CONSISTENT}, marks the writer not quiesced), naming the file. A file created after
 * the listing is not in the copy, as if it had been created after the snapshot. The copy keeps
 * batching: a {@code cp} batch that fails because files vanished is run again without them (again
 * while more vanish; each run has fewer files).
 *
 * <h2>Pre-copy: a freeze that grows with what changed</h2>
 *
 * Where the shadow root cannot clone the data (ext4, tmpfs, another filesystem) and the set holds
 * at least {@link #DEFAULT_PRE_COPY_FROM} bytes (see {@link Builder#preCopyFrom}; a smaller set is
 * copied whole inside the freeze in about the time an update takes), {@link #prepare} copies the
 * whole set before the freeze into {@code <shadowRoot>/<id>.precopy}, stat-ing each file first
 * ({@link FileStamp}). Inside the freeze {@link #take} renames it to the snapshot's directory and
 * brings it up to date ({@link PreCopyUpdate}): a file whose size, mtime, ctime and inode are as
 * before, and whose ctime is older than the pre-copy's start by more than the clock margin (a write
 * in the same clock tick leaves the times unchanged), is kept unread; any other is compared page by
 * page and only the differing pages written ({@link BlockDelta}); new files are copied, removed
 * ones and ones that changed kind deleted. The copy inside the freeze then takes time in proportion
 * to what changed. The pre-copy is deleted when the set fails before its take; it is never itself
 * handed out. Where the shadow root can clone the data, nothing is pre-copied (a clone is quicker
 * than a comparison) but the large files are checked for fragmentation, which makes clones slow,
 * and defragmented where that unshares nothing ({@link Fragmentation}); a defragmenter that fails
 * is a warning, never a failure.
 *
 * <h2>The last copy: unchanged files kept, not copied again</h2>
 *
 * Creating files is most of what copying a small set costs. When a snapshot closes, the copies its
 * archive took by hard link (and whose mode is still their original's) are kept as {@code
 * <shadowRoot>/<id>.last}. The next copy of the same roots takes that directory over (moved to be
 * its snapshot's or pre-copy's) and replaces only the files not proved unchanged on both sides; a
 * copy of other roots hard-links the unchanged files from it ({@link LastCopy}). No kept file is
 * ever written: one that changed is replaced by a new copy. {@link Builder#deleteEachCopy()} keeps
 * none.
 *
 * <p>{@link #take} deletes whatever it made before it throws; {@link Snapshot#close()} deletes the
 * rest of the shadow directory.
 */
public final class CopySnapshotProvider implements SnapshotProvider {
  /** The provider's name in logs and manifests. */
  public static final String NAME = "copy";

  /**
   * The size from which a set is pre-copied by default: 16 MiB. Measured on the Derby bank under
   * load (BENCHMARKS.md): for its 6 MB set, the whole copy inside the freeze made a window no
   * longer than the pre-copy's update (38 against 39 ms) and the backup 0.79x as long (one copy
   * instead of two); for its 91 MB set the whole copy made the window 2.6x the update's (72 against
   * 28 ms).
   */
  public static final long DEFAULT_PRE_COPY_FROM = 16L << 20;

  private static final Logger log = LoggerFactory.getLogger(CopySnapshotProvider.class);

  private final Path shadowRoot;
  private final CommandRunner runner;
  private final ReflinkProbe probe;
  private final boolean javaCopyOnly;
  private final Duration copyTimeout;
  private final SpaceProbe space;
  private final boolean preCopy;
  private final long preCopyMinBytes;
  private final Duration clockMargin;
  private final Fragmentation fragmentation;
  private final Map<SnapshotSetId, CopyPreparation> prepared = new ConcurrentHashMap<>();
  private final LastCopies lastCopies;
  private FileCopier copier;

  private CopySnapshotProvider(Builder builder) {
    this.shadowRoot = builder.shadowRoot.toAbsolutePath().normalize();
    this.runner = builder.runner;
    this.probe = new ReflinkProbe(runner);
    this.javaCopyOnly = builder.javaCopyOnly;
    this.copyTimeout = builder.copyTimeout;
    this.copier = builder.copier;
    this.space = builder.space;
    this.preCopy = builder.preCopy;
    this.preCopyMinBytes = builder.preCopyMinBytes;
    this.clockMargin = builder.clockMargin;
    this.lastCopies = new LastCopies(shadowRoot, builder.keepLastCopy);
    Filefrag filefrag = new Filefrag(runner);
    this.fragmentation =
        new Fragmentation(
            filefrag,
            builder.fragmentedMinBytes,
            builder.fragmentedMaxExtents,
            new Defragmentation(
                runner,
                filefrag,
                builder.fileSystemType,
                builder.defragmentTimeout,
                builder.fragmentedMaxExtents),
            builder.defragment);
  }

  /** A provider with the defaults: shadow copies under {@code <java.io.tmpdir>/quiesce-shadow}. */
  public CopySnapshotProvider() {
    this(builder());
  }

  /** A provider that keeps its shadow copies under {@code shadowRoot}. */
  public CopySnapshotProvider(Path shadowRoot) {
    this(builder().shadowRoot(shadowRoot));
  }

  /** Starts a provider with options. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where the shadow copies are made, one directory per snapshot set. */
  public Path shadowRoot() {
    return shadowRoot;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Checks that every path exists, is readable and is no link; that the shadow root can be made, is
   * writable and is outside the set; and that its filesystem has room for the copy (no room needed
   * beyond metadata when the data is on the shadow root's filesystem and that filesystem clones).
   */
  @Override
  public void check(List<Path> paths) throws IOException {
    checkSpace(ShadowPlanner.plan(paths));
  }

  /**
   * Before the freeze: where the shadow root cannot clone the data, copies the set into {@code
   * <shadowRoot>/<id>.precopy} for {@link #take} to update; where it can, checks the large files'
   * fragmentation instead and defragments each file that would clone slowly, unless that would
   * unshare its extents or {@link Builder#leaveFragmentedFiles()} is set (then a warning).
   */
  @Override
  public SnapshotPreparation prepare(SnapshotSetId id, List<Path> paths) throws IOException {
    ShadowPlan plan = ShadowPlanner.plan(paths);
    checkSpace(plan);
    if (clonesEverything(plan, Files.getFileStore(shadowRoot))) {
      return new CopyPreparation(
          null, ShadowStamps.NONE, Set.of(), fragmentation.check(plan.files()), null, p -> {});
    }
    if (!preCopy || plan.bytes() < preCopyMinBytes) {
      return SnapshotPreparation.NONE;
    }
    Path dir = shadowRoot.resolve(id + PRE_COPY_SUFFIX);
    LastCopy last = claimLastCopy(plan, dir);
    if (last == null) {
      try {
        ShadowTree.createPrivateDirectory(dir);
      } catch (IOException e) {
        throw new IOException(
            "cannot create the pre-copy directory " + dir + " for snapshot set " + id + ": " + e,
            e);
      }
    }
    CopyPreparation preparation;
    try {
      PreCopyUpdate.Outcome filled;
      try {
        filled =
            last == null
                ? fill(plan, dir).asOutcome()
                : new PreCopyUpdate(plan, dir, last.asPreCopy(dir), clockMargin).apply(copier());
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        // The applications still write: a file replaced or truncated under cp is their normal
        // life, not an error. Nothing of a failed pre-copy is trusted: the take copies it all.
        log.info(
            "snapshot set {}: the pre-copy failed ({}); everything is copied inside the freeze"
                + " instead",
            id,
            e.getMessage());
        Trees.deleteTree(dir);
        return SnapshotPreparation.NONE;
      }
      log.info(
          "snapshot set {}: pre-copied {} files ({} bytes; {} linked from the last copy) into {}"
              + " before the freeze",
          id,
          plan.files().size() - filled.vanished().size(),
          plan.bytes(),
          filled.linked().size(),
          dir);
      preparation =
          new CopyPreparation(
              dir, filled.stamps(), filled.linked(), List.of(), null, p -> prepared.remove(id, p));
    } catch (IOException | RuntimeException | Error e) {
      try {
        Trees.deleteTree(dir);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    prepared.put(id, preparation);
    return preparation;
  }

  @Override
  public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
    return take(id, paths, path -> {});
  }

  /** {@link #take}, with a probe told of each entry as the set is walked (tests). */
  Snapshot take(SnapshotSetId id, List<Path> paths, ShadowPlanner.WalkProbe probe)
      throws IOException {
    ShadowPlan plan = ShadowPlanner.plan(paths, probe);
    CopyPreparation preparation = prepared.remove(id);
    Path preCopied = preparation == null ? null : preparation.claim();
    Path shadow = shadowRoot.resolve(id.toString());
    if (preCopied == null) {
      LastCopy last = claimLastCopy(plan, shadow);
      if (last != null) {
        // The last copy is this set's pre-copy: only what changed since is copied.
        preparation = last.asPreCopy(shadow);
        preCopied = shadow;
      }
    }
    makeShadow(id, plan, preCopied, shadow);
    List<Path> vanished = new ArrayList<>(plan.vanished());
    int copied;
    int linked = 0;
    ShadowStamps stamps;
    try {
      if (preCopied == null) {
        ShadowFill.Result filled = fill(plan, shadow);
        copied = plan.files().size() - filled.vanished().size();
        linked = filled.linked().size();
        vanished.addAll(filled.vanished());
        stamps = filled.stamps();
      } else {
        PreCopyUpdate.Outcome outcome =
            new PreCopyUpdate(plan, shadow, preparation, clockMargin).apply(copier());
        vanished.addAll(outcome.vanished());
        copied = plan.files().size() - outcome.vanished().size();
        linked = outcome.linked().size();
        stamps = outcome.stamps();
        log.info(
            "snapshot set {}: updated the pre-copy: {} files unchanged, {} compared ({} bytes"
                + " rewritten), {} copied whole",
            id,
            outcome.unchanged(),
            outcome.compared(),
            outcome.rewritten(),
            outcome.copied());
      }
    } catch (IOException | RuntimeException | Error e) {
      try {
        Trees.deleteTree(shadow);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    for (ShadowPlan.Skipped skipped : plan.skipped()) {
      log.warn("snapshot set {}: skipped {}: {}", id, skipped.path(), skipped.reason());
    }
    vanished.sort(null);
    if (!vanished.isEmpty()) {
      log.warn(
          "snapshot set {}: {} entries vanished between listing and copying and are not in the copy:"
              + " {}",
          id,
          vanished.size(),
          vanished);
    }
    log.info(
        "snapshot set {}: copied {} files ({} bytes) into {} with {}, {} of them linked from the"
            + " last copy",
        id,
        copied,
        plan.bytes(),
        shadow,
        copier().describe(),
        linked);
    List<MappedSnapshot.Mapping> mappings = new ArrayList<>();
    for (Path root : plan.roots()) {
      mappings.add(new MappedSnapshot.Mapping(root, FileCopier.shadowOf(shadow, root)));
    }
    return new CopySnapshot(
        id,
        paths,
        mappings,
        shadow,
        plan.skipped(),
        vanished,
        () -> lastCopies.retire(id, shadow, plan.roots(), stamps));
  }

  /**
   * Makes the snapshot's directory: an empty one, or the pre-copy moved there (deleted if it cannot
   * be moved: it is the caller's once claimed).
   */
  private void makeShadow(SnapshotSetId id, ShadowPlan plan, Path preCopied, Path shadow)
      throws IOException {
    if (shadow.equals(preCopied)) {
      return; // the last copy, moved there
    }
    if (preCopied == null) {
      checkSpace(plan);
      try {
        ShadowTree.createPrivateDirectory(shadow);
      } catch (IOException e) {
        throw new IOException(
            "cannot create the shadow directory " + shadow + " for snapshot set " + id + ": " + e,
            e);
      }
      return;
    }
    try {
      Files.move(preCopied, shadow, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Trees.deleteTree(preCopied);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new IOException(
          "cannot move the pre-copy " + preCopied + " to " + shadow + ": " + e, e);
    }
  }

  /**
   * Moves the last copy to {@code dir} to make the set's copy from it, if it is the copy of the
   * same roots; null (and {@code dir} not made) if there is none, or it could not be moved (then it
   * is deleted, and the copy is made whole).
   */
  private LastCopy claimLastCopy(ShadowPlan plan, Path dir) throws IOException {
    LastCopy last = lastCopies.claim(plan.roots());
    if (last == null) {
      return null;
    }
    try {
      Files.move(last.dir(), dir, StandardCopyOption.ATOMIC_MOVE);
      return last;
    } catch (IOException e) {
      log.info(
          "cannot move the last copy {} to {} ({}); copying whole", last.dir(), dir, e.toString());
      try {
        Trees.deleteTree(last.dir());
      } catch (IOException cleanup) {
        // No reason to fail the backup, which copies whole; the next close deletes it again.
        log.warn("cannot delete the last copy {} ({}); delete it", last.dir(), cleanup.toString());
      }
      return null;
    }
  }

  /** Copies the plan, linking from the last copy what is unchanged since. */
  private ShadowFill.Result fill(ShadowPlan plan, Path shadow) throws IOException {
    return ShadowFill.fill(plan, shadow, lastCopies.current(), clockMargin, copier());
  }

  private void checkSpace(ShadowPlan plan) throws IOException {
    for (Path root : plan.roots()) {
      if (shadowRoot.startsWith(root)) {
        throw new IOException(
            "the shadow root "
                + shadowRoot
                + " is inside the snapshot set path "
                + root
                + ": the copy would copy itself; choose a shadow root outside the data");
      }
    }
    try {
      Files.createDirectories(shadowRoot);
    } catch (IOException e) {
      throw new IOException(
          "cannot create the shadow root " + shadowRoot + " (" + e + "): choose another one", e);
    }
    if (!Files.isDirectory(shadowRoot) || !Files.isWritable(shadowRoot)) {
      throw new IOException(
          "the shadow root "
              + shadowRoot
              + " is not a writable directory: grant this process write access or choose another");
    }
    FileStore store = Files.getFileStore(shadowRoot);
    long needed = clonesEverything(plan, store) ? 0 : plan.bytes();
    long usable = space.usable(shadowRoot);
    if (usable < needed) {
      throw new IOException(
          "not enough space for the shadow copy on "
              + shadowRoot
              + " ("
              + store
              + "): the copy needs "
              + needed
              + " bytes and "
              + usable
              + " are free; free some space or choose a shadow root on a larger (or"
              + " reflink-capable, same) filesystem");
    }
  }

  private boolean clonesEverything(ShadowPlan plan, FileStore store) throws IOException {
    if (!(copier() instanceof CpFileCopier)) {
      return false;
    }
    for (Path root : plan.roots()) {
      if (!store.equals(Files.getFileStore(root))) {
        return false;
      }
    }
    return probe.canClone(shadowRoot);
  }

  private synchronized FileCopier copier() {
    if (copier == null) {
      if (!javaCopyOnly && CpFileCopier.isAvailable(runner)) {
        copier = new CpFileCopier(runner, copyTimeout);
      } else {
        log.info(
            "copy provider: {}; copying with Files.copy (no reflinks)",
            javaCopyOnly ? "Java copy chosen" : "GNU cp not found on PATH");
        copier = new JavaFileCopier();
      }
    }
    return copier;
  }

  /** How many bytes are free for the shadow copy; a seam for tests. */
  interface SpaceProbe {
    long usable(Path dir) throws IOException;
  }

  /** The pre-copy's directory is {@code <shadowRoot>/<id>} with this suffix. */
  static final String PRE_COPY_SUFFIX = ".precopy";

  /** Options of a {@link CopySnapshotProvider}. */
  public static final class Builder {
    private Path shadowRoot = Path.of(System.getProperty("java.io.tmpdir"), "quiesce-shadow");
    private CommandRunner runner = new ProcessCommandRunner();
    private boolean javaCopyOnly;
    private Duration copyTimeout = Duration.ofHours(1);
    private FileCopier copier;
    private SpaceProbe space = dir -> Files.getFileStore(dir).getUsableSpace();
    private boolean preCopy = true;
    private long preCopyMinBytes = DEFAULT_PRE_COPY_FROM;
    private Duration clockMargin = Duration.ofSeconds(2);
    private boolean keepLastCopy = true;
    private long fragmentedMinBytes = 64L * 1024 * 1024;
    private long fragmentedMaxExtents = 10_000;
    private boolean defragment = true;
    private Duration defragmentTimeout = Duration.ofMinutes(10);
    private Defragmentation.FileSystemType fileSystemType = Defragmentation.FILE_STORE;

    private Builder() {}

    /**
     * Where shadow copies go (default {@code <java.io.tmpdir>/quiesce-shadow}). Put it on the
     * data's filesystem to get reflink clones; it must be outside the data.
     */
    public Builder shadowRoot(Path shadowRoot) {
      this.shadowRoot = Objects.requireNonNull(shadowRoot, "shadowRoot");
      return this;
    }

    /** Runs {@code cp} (default: {@link ProcessCommandRunner}). */
    public Builder commandRunner(CommandRunner runner) {
      this.runner = Objects.requireNonNull(runner, "runner");
      return this;
    }

    /** Copies with {@link Files#copy} only, never {@code cp} (so never a reflink). */
    public Builder javaCopyOnly() {
      this.javaCopyOnly = true;
      return this;
    }

    /**
     * How long one {@code cp} batch may run before it is killed (default one hour). The writers'
     * freeze window bounds the whole take anyway.
     */
    public Builder copyTimeout(Duration copyTimeout) {
      this.copyTimeout = Objects.requireNonNull(copyTimeout, "copyTimeout");
      return this;
    }

    /**
     * Copies everything inside the freeze, without a pre-copy before it (which doubles the bytes
     * read and written, in exchange for a freeze that grows with what changed, not with the data).
     */
    public Builder noPreCopy() {
      this.preCopy = false;
      return this;
    }

    /**
     * Deletes each snapshot's whole shadow copy when it closes. By default the copies an archive
     * took by hard link are kept until the next snapshot set closes, so that its copy can link the
     * files unchanged since instead of writing them again (see the class documentation): no space
     * is spent while the archive keeps them, but deleting that archive frees its space only at the
     * next backup. Choose this where that matters, or where nothing may stay in the shadow root
     * between backups.
     */
    public Builder deleteEachCopy() {
      this.keepLastCopy = false;
      return this;
    }

    /**
     * Pre-copies only snapshot sets of at least {@code bytes} (default {@link
     * #DEFAULT_PRE_COPY_FROM}, 16 MiB); a smaller set is copied whole inside the freeze. A trade
     * for small sets, where a copy inside the freeze takes about as long as the pre-copy's update
     * and the pre-copy is a second pass over the data (measured on the Derby bank's 6 MB database:
     * windows of 38 and 39 ms, the backup 0.79x as long without the pre-copy). Set 0 to pre-copy
     * every set (the shortest window on a slow disk or a busy machine), or more where the total
     * time matters more than a few tens of milliseconds of freeze.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder preCopyFrom(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("bytes must not be negative: " + bytes);
      }
      this.preCopyMinBytes = bytes;
      return this;
    }

    /**
     * How much older than the pre-copy's start a file's ctime must be for its unchanged stamp to
     * prove it unchanged (default 2 s). It must exceed the filesystem's timestamp granularity (the
     * kernel's clock tick; 1 s on ext3, 2 s on FAT) and any clock difference to a network
     * filesystem's server; a file changed more recently is compared by content.
     */
    public Builder clockMargin(Duration clockMargin) {
      if (clockMargin.isNegative()) {
        throw new IllegalArgumentException("clockMargin must not be negative: " + clockMargin);
      }
      this.clockMargin = clockMargin;
      return this;
    }

    /**
     * Where clones are made: the files of at least {@code minBytes} with more than {@code
     * maxExtents} extents are too fragmented to clone quickly (defaults 64 MiB and 10,000 extents).
     * Before the freeze each is defragmented if none of its extents is shared, and warned of
     * otherwise (see {@link #leaveFragmentedFiles()}).
     */
    public Builder fragmentationWarning(long minBytes, long maxExtents) {
      if (minBytes < 0 || maxExtents < 0) {
        throw new IllegalArgumentException(
            "fragmentationWarning needs minBytes and maxExtents of at least 0, not "
                + minBytes
                + " and "
                + maxExtents);
      }
      this.fragmentedMinBytes = minBytes;
      this.fragmentedMaxExtents = maxExtents;
      return this;
    }

    /**
     * Only warns of the files too fragmented to clone quickly, without defragmenting them before
     * the freeze (by default each one whose extents are not shared is defragmented with {@code
     * xfs_fsr} on XFS or {@code btrfs filesystem defragment} on btrfs). Choose this where the I/O
     * of rewriting a large file just before the backup hurts the applications, or where a scheduled
     * defragmenter (a cron'd {@code xfs_fsr}) already looks after the files.
     */
    public Builder leaveFragmentedFiles() {
      this.defragment = false;
      return this;
    }

    /**
     * How long the defragmenter may run on one file before it is killed (default ten minutes; it
     * rewrites the whole file, at the disk's speed). A file it did not finish is warned of, and its
     * clone is merely slow.
     */
    public Builder defragmentTimeout(Duration defragmentTimeout) {
      if (defragmentTimeout.isNegative() || defragmentTimeout.isZero()) {
        throw new IllegalArgumentException(
            "defragmentTimeout must be positive: " + defragmentTimeout);
      }
      this.defragmentTimeout = defragmentTimeout;
      return this;
    }

    /** Tests: copies with {@code copier}. */
    Builder copier(FileCopier copier) {
      this.copier = Objects.requireNonNull(copier, "copier");
      return this;
    }

    /** Tests: asks {@code types} which filesystem a file is on. */
    Builder fileSystemType(Defragmentation.FileSystemType types) {
      this.fileSystemType = Objects.requireNonNull(types, "types");
      return this;
    }

    /** Tests: asks {@code space} how many bytes are free. */
    Builder space(SpaceProbe space) {
      this.space = Objects.requireNonNull(space, "space");
      return this;
    }

    /** The provider. */
    public CopySnapshotProvider build() {
      return new CopySnapshotProvider(this);
    }
  }
}
