package dev.quiesce.runtime.daemon;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.runtime.daemon.Wire.SnapshotSetView;
import java.nio.file.Path;
import java.util.List;

/**
 * A snapshot held by the daemon, read by the requestor on the same machine: each original path maps
 * to the copy the daemon's provider made. Closing it asks the daemon to release the copy.
 */
final class RemoteSnapshot implements Snapshot {
  private final SnapshotSetView view;
  private final Runnable release;

  RemoteSnapshot(SnapshotSetView view, Runnable release) {
    if (view.paths() == null
        || view.copies() == null
        || view.paths().size() != view.copies().size()) {
      throw new IllegalArgumentException("the daemon sent a snapshot set without a copy per path");
    }
    this.view = view;
    this.release = release;
  }

  @Override
  public SnapshotSetId id() {
    return view.id();
  }

  @Override
  public List<Path> paths() {
    return view.paths();
  }

  @Override
  public Path pathOf(Path original) {
    Path p = original.toAbsolutePath().normalize();
    int best = -1;
    for (int i = 0; i < view.paths().size(); i++) {
      Path root = view.paths().get(i);
      if (p.startsWith(root)
          && (best < 0 || root.getNameCount() > view.paths().get(best).getNameCount())) {
        best = i;
      }
    }
    if (best >= 0) {
      Path root = view.paths().get(best);
      return view.copies().get(best).resolve(root.relativize(p).toString());
    }
    throw new IllegalArgumentException(
        original + " is outside snapshot set " + view.id() + " " + view.paths());
  }

  /**
   * As the daemon's provider says: its private copies may be hard-linked into the requestor's
   * archive where both are on one filesystem and the requestor may link them (the archive writer
   * copies them otherwise).
   */
  @Override
  public boolean privateCopies() {
    return view.privateCopies();
  }

  /** As the daemon's provider says (see {@link Snapshot#clonable()}). */
  @Override
  public boolean clonable() {
    return view.clonable();
  }

  @Override
  public void close() {
    release.run();
  }
}
