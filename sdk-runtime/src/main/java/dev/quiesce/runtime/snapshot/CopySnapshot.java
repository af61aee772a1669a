package dev.quiesce.runtime.snapshot;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The copy provider's snapshot: deletes the shadow directory on close. */
final class CopySnapshot implements Snapshot {
  private final MappedSnapshot mapped;
  private final Path shadow;
  private final List<ShadowPlan.Skipped> skipped;
  private final List<Path> vanished;

  CopySnapshot(
      SnapshotSetId id,
      List<Path> paths,
      List<MappedSnapshot.Mapping> mappings,
      Path shadow,
      List<ShadowPlan.Skipped> skipped,
      List<Path> vanished) {
    this.shadow = shadow;
    this.skipped = List.copyOf(skipped);
    this.vanished = vanished.stream().sorted().toList();
    this.mapped = new MappedSnapshot(id, paths, mappings, () -> Trees.deleteTree(shadow));
  }

  @Override
  public SnapshotSetId id() {
    return mapped.id();
  }

  @Override
  public List<Path> paths() {
    return mapped.paths();
  }

  @Override
  public Path pathOf(Path original) {
    return mapped.pathOf(original);
  }

  @Override
  public List<Path> vanished() {
    return vanished;
  }

  /**
   * True: every file is this set's own copy (made by {@code cp}, a clone, or the pre-copy renamed
   * into this set's directory and brought up to date), never written after {@code take} returned,
   * and deleted, not reused, on close.
   */
  @Override
  public boolean privateCopies() {
    return true;
  }

  @Override
  public void close() throws IOException {
    mapped.close();
  }

  /** The shadow directory of this snapshot set. */
  Path shadow() {
    return shadow;
  }

  /** What the copy left out, and why. */
  List<ShadowPlan.Skipped> skipped() {
    return skipped;
  }
}
