package dev.quiesce.runtime.snapshot;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The copy provider's snapshot: releases the shadow directory on close (deletes it, or keeps the
 * copies the next snapshot can link from; see {@link LastCopy}).
 */
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
      List<Path> vanished,
      MappedSnapshot.Releaser release) {
    this.shadow = shadow;
    this.skipped = List.copyOf(skipped);
    this.vanished = vanished.stream().sorted().toList();
    this.mapped = new MappedSnapshot(id, paths, mappings, release);
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
   * True: every file is a copy made for this set (by {@code cp}, a clone, the pre-copy renamed into
   * this set's directory and brought up to date) or a hard link to an earlier set's copy proved
   * unchanged ({@link LastCopy}); none is written after {@code take} returned, or ever after.
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
