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

/**
 * Restores the newest archive of a chain: the state it records, each file from the link that stores
 * it, checked against the newest manifest's size and SHA-256. Everything is checked before anything
 * is written: the whole chain ({@link ArchiveChain#verify}), then the restore of each link's share
 * of the state ({@link Restorer#check}). The links are then applied in order, oldest first; each
 * file is written once, from the newest link that stores it, and a file deleted before the newest
 * backup is not restored.
 *
 * <p>Each link's share is restored as {@link Restorer} restores an archive (beside the target, then
 * renamed); a failure in a later link leaves the earlier links' files in place, which the {@link
 * PartialRestoreException} says.
 */
public final class ChainRestore {
  private final Restorer restorer;

  /** A chain restore reporting progress to {@code listener}. */
  public ChainRestore(ProgressListener listener) {
    this.restorer = new Restorer(Objects.requireNonNull(listener, "listener"));
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
   * Restores what {@link #check} accepted, link by link, oldest first.
   *
   * @throws InvalidArchiveException if a file no longer matches its checksum
   * @throws PartialRestoreException if putting files in place failed part way
   * @throws IOException if a file could not be written
   */
  public RestoreResult restore(Checked checked) throws IOException {
    List<Path> restored = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    long bytes = 0;
    for (CheckedRestore step : checked.steps()) {
      RestoreResult r;
      try {
        r = restorer.restore(step);
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
