package dev.quiesce.runtime.archive;

import dev.quiesce.runtime.ComponentRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores the newest archive of a chain: the state it records, each file from the link that stores
 * it, checked against the newest manifest's size and SHA-256. Everything that can be checked
 * without reading the data is checked before anything is written: the whole chain's structure and
 * every file's size ({@link ArchiveChain#inspect}, or {@link ArchiveChain#verify} which hashes them
 * too), then the restore of each link's share of the state ({@link Restorer#check}). Each file is
 * written once, from the newest link that stores it, and a file deleted before the newest backup is
 * not restored.
 *
 * <p>Every link's share is written first ({@link #prepare}: read from the archive once, hashed as
 * it is written, where {@link Restorer#stage} puts it) and nothing is replaced until all of them
 * match the manifests; then they are put in place, oldest link first, each file by one rename. A
 * damaged file anywhere in the chain thus leaves every target as it was; only a failed rename can
 * leave a restore part done, which the {@link PartialRestoreException} says.
 */
public final class ChainRestore {
  private static final Logger log = LoggerFactory.getLogger(ChainRestore.class);

  private final Restorer restorer;
  private final ProgressListener listener;

  /** A chain restore reporting progress to {@code listener}. */
  public ChainRestore(ProgressListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.restorer = new Restorer(listener);
  }

  /**
   * A chain whose every link was verified and whose restore to one target was checked, nothing
   * written yet.
   *
   * @param chain the verified chain
   * @param steps one checked restore per link that stores part of the state, oldest first
   */
  public record Checked(ArchiveChain chain, List<CheckedRestore> steps) implements PlannedRestore {
    /** Copies the list. */
    public Checked {
      Objects.requireNonNull(chain, "chain");
      steps = List.copyOf(steps);
    }

    /** The alternate locations of every link's share, merged. */
    @Override
    public Map<ComponentRef, Path> alternateLocations() {
      Map<ComponentRef, Path> merged = new LinkedHashMap<>();
      steps.forEach(
          s ->
              s.alternateLocations()
                  .forEach((k, v) -> merged.merge(k, v, AlternatePlacement::commonDirectory)));
      return Map.copyOf(merged);
    }

    /** The newest archive's manifest: the state restored. */
    public Manifest manifest() {
      return chain.newest().manifest();
    }
  }

  /**
   * Plans the restore of {@code chain}'s newest state to {@code target}, writing nothing.
   *
   * @throws InvalidArchiveException if a target is refused, listing every problem
   * @throws IOException if the file system cannot be examined
   */
  public Checked check(ArchiveChain chain, RestoreTarget target) throws IOException {
    return check(chain, target, Map.of());
  }

  /**
   * Plans the restore of {@code chain}'s newest state to {@code target}, but the files of each
   * component of {@code newTargets} under its directory instead (a new target chosen by the
   * requestor, VSS's {@code AddNewTarget}; re-rooted there as {@link RestoreTarget#under} does).
   * Writes nothing.
   *
   * @param newTargets directories by component ({@code writer/component} as the archive names them)
   * @throws IllegalArgumentException if a component of {@code newTargets} is not in the archive
   * @throws InvalidArchiveException if a target is refused, listing every problem
   * @throws IOException if the file system cannot be examined
   */
  public Checked check(ArchiveChain chain, RestoreTarget target, Map<ComponentRef, Path> newTargets)
      throws IOException {
    Manifest newest = chain.newest().manifest();
    for (ComponentRef ref : newTargets.keySet()) {
      boolean known =
          newest.writers().stream()
              .anyMatch(
                  w ->
                      w.metadata().writerName().equals(ref.writer())
                          && w.selectedComponents().contains(ref.component()));
      if (!known) {
        throw new IllegalArgumentException(
            "a new target is asked for component "
                + ref
                + ", which archive "
                + chain.newest().directory()
                + " does not hold");
      }
    }
    List<CheckedRestore> steps = new ArrayList<>();
    for (int i = 0; i < chain.links().size(); i++) {
      ArchiveChain.Link link = chain.links().get(i);
      int at = i;
      Map<Optional<Path>, List<FileEntry>> byTarget = new LinkedHashMap<>();
      chain.state().stream()
          .filter(f -> f.link() == at)
          .forEach(
              f ->
                  byTarget
                      .computeIfAbsent(
                          Optional.ofNullable(newTargets.get(refOf(newest, f.entry()))),
                          k -> new ArrayList<>())
                      .add(f.entry()));
      for (Map.Entry<Optional<Path>, List<FileEntry>> share : byTarget.entrySet()) {
        Manifest part =
            new Manifest(
                    Manifest.CURRENT_SCHEMA_VERSION,
                    link.manifest().snapshotSetId(),
                    link.manifest().provider(),
                    link.manifest().outcome(),
                    link.manifest().timings(),
                    newest.writers(),
                    share.getValue())
                .withBackupComponents(newest.backupComponents());
        RestoreTarget where = share.getKey().map(RestoreTarget::under).orElse(target);
        steps.add(restorer.check(new VerifiedArchive(link.directory(), part, false), where));
      }
    }
    return new Checked(chain, steps);
  }

  /** The component of {@code entry}, by the names the manifest gives it. */
  private static ComponentRef refOf(Manifest manifest, FileEntry entry) {
    String writer =
        manifest.writers().stream()
            .filter(w -> w.isFor(entry))
            .map(w -> w.metadata().writerName())
            .findFirst()
            .orElseThrow();
    return new ComponentRef(writer, entry.component());
  }

  /**
   * Restores what {@link #check} accepted: every file written beside its target, then all put in
   * place, oldest link first.
   *
   * @throws InvalidArchiveException if a file does not match its manifest; no target changed
   * @throws PartialRestoreException if putting files in place failed part way
   * @throws IOException if a file could not be written; no target changed
   */
  public RestoreResult restore(Checked checked) throws IOException {
    try (Prepared prepared =
        stageAll(checked, s -> restorer.stage(s, StagingPlaces.besideTargets()))) {
      return prepared.putInPlace();
    }
  }

  /**
   * Writes every file of what {@link #check} accepted where {@link Restorer#stage} puts it, reading
   * the chain once and hashing each file as it goes, and replaces nothing: the caller tells the
   * writers (PreRestore), then puts the files in place ({@link Prepared#putInPlace}), or abandons
   * them ({@link Prepared#close}).
   *
   * <p>To original paths, where a file cannot be staged outside the writers' file sets (a file
   * set's parent directory is on another filesystem than its files, or cannot be written), every
   * link is hashed now instead ({@link ArchiveChain#verify}) and the files are written after
   * PreRestore, beside their targets: the chain is then read twice, but a damaged archive is still
   * refused before PreRestore.
   *
   * @throws InvalidArchiveException if a file does not match its manifest; nothing is left written
   * @throws IOException if a file could not be written; nothing is left written
   */
  public Prepared prepare(Checked checked) throws IOException {
    try {
      return stageAll(checked, restorer::stage);
    } catch (StagingUnavailableException e) {
      log.info(
          "restore of {}: the files cannot be written before PreRestore ({}); every file is"
              + " verified now and written after PreRestore beside its target, reading the archive"
              + " twice",
          checked.chain().newest().directory(),
          e.getMessage());
      checked.chain().verifyContents(listener);
      return new Prepared(checked, null);
    }
  }

  /** How one link's share is staged. */
  private interface Staging {
    StagedRestore stage(CheckedRestore step) throws IOException;
  }

  private Prepared stageAll(Checked checked, Staging staging) throws IOException {
    List<StagedRestore> staged = new ArrayList<>();
    try {
      for (CheckedRestore step : checked.steps()) {
        staged.add(staging.stage(step));
      }
    } catch (IOException | RuntimeException e) {
      try {
        new Prepared(checked, staged).close();
      } catch (IOException | RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return new Prepared(checked, staged);
  }

  /**
   * A chain restore whose files were all written and checked, nothing replaced yet ({@link
   * #prepare}); or, where they could not be written before PreRestore, whose every link was
   * verified, to be written when put in place.
   */
  public final class Prepared implements PlannedRestore, AutoCloseable {
    private final Checked checked;
    private final List<StagedRestore> staged;
    private boolean putInPlace;

    private Prepared(Checked checked, List<StagedRestore> staged) {
      this.checked = checked;
      this.staged = staged == null ? null : List.copyOf(staged);
    }

    /** The restore checked. */
    public Checked checked() {
      return checked;
    }

    /** Whether every file is written already, or is written only by {@link #putInPlace}. */
    public boolean written() {
      return staged != null;
    }

    @Override
    public Map<ComponentRef, Path> alternateLocations() {
      return checked.alternateLocations();
    }

    /**
     * Renames every file over its target, oldest link first (writing each beside its target first
     * if it was not {@link #written()}).
     *
     * @throws InvalidArchiveException if a file, not written before, no longer matches its
     *     manifest; no target changed
     * @throws PartialRestoreException if putting files in place failed part way
     * @throws IOException if a file could not be written; no target changed
     * @throws IllegalStateException if called twice
     */
    public RestoreResult putInPlace() throws IOException {
      if (putInPlace) {
        throw new IllegalStateException("this restore was already put in place");
      }
      putInPlace = true;
      if (staged == null) {
        return restore(checked);
      }
      return inOrder(checked, staged);
    }

    /** Removes what was written and not put in place. */
    @Override
    public void close() throws IOException {
      if (staged == null) {
        return;
      }
      IOException failure = null;
      for (StagedRestore s : staged) {
        try {
          s.close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /**
   * Puts each link's share in place, in order; a failure after the first names what was replaced.
   */
  private static RestoreResult inOrder(Checked checked, List<StagedRestore> staged)
      throws IOException {
    List<Path> restored = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    long bytes = 0;
    for (StagedRestore share : staged) {
      RestoreResult r;
      try {
        r = share.putInPlace();
      } catch (PartialRestoreException e) {
        List<Path> done = new ArrayList<>(restored);
        done.addAll(e.restored());
        throw new PartialRestoreException(
            "restore of the chain of " + checked.chain().newest().directory(),
            done,
            e.notRestored(),
            e);
      } catch (IOException | RuntimeException e) {
        if (restored.isEmpty()) {
          throw e;
        }
        throw new PartialRestoreException(
            "restore of the chain of " + checked.chain().newest().directory(),
            restored,
            List.of(),
            e);
      }
      restored.addAll(r.restored());
      skipped.addAll(r.skipped());
      bytes += r.bytes();
    }
    return new RestoreResult(checked.manifest(), restored, skipped, bytes);
  }
}
