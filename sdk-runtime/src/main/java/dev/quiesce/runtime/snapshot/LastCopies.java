package dev.quiesce.runtime.snapshot;

import dev.quiesce.api.SnapshotSetId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy provider's {@link LastCopy}: which one the next copy links from, and what happens to a
 * snapshot's shadow copy when it closes (kept as the new last copy, or deleted).
 */
final class LastCopies {
  private static final Logger log = LoggerFactory.getLogger(LastCopies.class);

  private final Path shadowRoot;
  private final boolean keep;
  private final AtomicReference<LastCopy> current = new AtomicReference<>();

  /**
   * @param keep whether closed snapshots' copies are kept to link from ({@code false}: {@link
   *     CopySnapshotProvider.Builder#deleteEachCopy()})
   */
  LastCopies(Path shadowRoot, boolean keep) {
    this.shadowRoot = shadowRoot;
    this.keep = keep;
  }

  /**
   * The last copy to link unchanged files from; null if there is none or none is kept. Never waits
   * (it is read inside the freeze), not even for a close deleting the copy before.
   */
  LastCopy current() {
    return current.get();
  }

  /**
   * Takes the last copy away for a new copy of the same {@code roots} to be made from it, its
   * directory moved to be the new one's ({@link LastCopy#asPreCopy}): no other copy links from it
   * then. Null if there is none, or it is the copy of other roots.
   */
  LastCopy claim(List<Path> roots) {
    LastCopy last = current.get();
    if (last == null || !last.roots().equals(roots)) {
      return null;
    }
    return current.compareAndSet(last, null) ? last : null;
  }

  /**
   * Releases a closed snapshot's shadow copy: keeps what the next copy can link from as the last
   * copy, replacing the one before (and any a stopped process left), and deletes the rest; when
   * nothing is kept, deletes it all.
   */
  void retire(SnapshotSetId id, Path shadow, List<Path> roots, ShadowStamps stamps)
      throws IOException {
    if (!keep) {
      Trees.deleteTree(shadow);
      return;
    }
    LastCopy kept;
    try {
      kept = LastCopy.keep(shadow, shadowRoot.resolve(id + LastCopy.SUFFIX), roots, stamps);
    } catch (IOException | RuntimeException e) {
      try {
        Trees.deleteTree(shadow);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    if (kept == null) {
      return;
    }
    log.debug("snapshot set {}: kept {} files of its copy in {}", id, kept.size(), kept.dir());
    // Two sets closing at once: the one kept last is the one left.
    synchronized (this) {
      current.set(kept);
      try (DirectoryStream<Path> entries =
          Files.newDirectoryStream(shadowRoot, "*" + LastCopy.SUFFIX)) {
        for (Path entry : entries) {
          if (!entry.equals(kept.dir())) {
            Trees.deleteTree(entry);
          }
        }
      }
    }
  }
}
