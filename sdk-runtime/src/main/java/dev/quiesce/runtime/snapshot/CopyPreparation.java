package dev.quiesce.runtime.snapshot;

import dev.quiesce.api.spi.SnapshotPreparation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The copy provider's work before the freeze: a pre-copy of the set in {@code
 * <shadowRoot>/<id>.precopy} with the {@link FileStamp} of each file taken before it was copied
 * (and which files were linked from the last copy), and the files found too fragmented to clone
 * quickly.
 *
 * <p>The pre-copy belongs to whoever holds it last: {@link #claim} hands it to {@code take}, which
 * turns it into the snapshot or deletes it; {@link #close} deletes it if {@code take} never claimed
 * it (the set failed before its freeze, or a Freeze was vetoed). So a failed or aborted set leaves
 * nothing behind, and the pre-copy, made while the applications were writing, is never handed out.
 */
final class CopyPreparation implements SnapshotPreparation {
  private enum State {
    PREPARED,
    CLAIMED,
    CLOSED
  }

  private final Path preCopy;
  private final ShadowStamps stamps;
  private final Set<Path> linked;
  private final List<Fragmentation.Fragmented> fragmented;
  private final LastCopy source;
  private final Consumer<CopyPreparation> onClose;
  private State state = State.PREPARED;

  /**
   * @param preCopy the pre-copy's directory, or null when nothing was pre-copied
   * @param stamps the files of the pre-copy, as they were before being copied
   * @param linked the files of the pre-copy linked from the last copy (never to be written)
   * @param source the last copy this pre-copy is (its directory moved), or null
   * @param onClose told when this is closed (the provider forgets it)
   */
  CopyPreparation(
      Path preCopy,
      ShadowStamps stamps,
      Set<Path> linked,
      List<Fragmentation.Fragmented> fragmented,
      LastCopy source,
      Consumer<CopyPreparation> onClose) {
    this.preCopy = preCopy;
    this.stamps = stamps;
    this.linked = Set.copyOf(linked);
    this.fragmented = List.copyOf(fragmented);
    this.source = source;
    this.onClose = onClose;
  }

  /** The files of the pre-copy and how they looked before their copy. */
  ShadowStamps stamps() {
    return stamps;
  }

  /** The files of the pre-copy that are links to the last copy's: they must never be written. */
  Set<Path> linked() {
    return linked;
  }

  /**
   * Whether the pre-copy's {@code copy} of {@code original} is as it was made: always, unless this
   * pre-copy is a last copy moved here, whose files someone may have written since it was kept.
   */
  boolean unwritten(Path original, Path copy, FileStamp now) throws IOException {
    return source == null || source.unwritten(original, copy, now);
  }

  /** The set's files whose extent count makes cloning them slow. */
  List<Fragmentation.Fragmented> fragmented() {
    return fragmented;
  }

  /**
   * Hands the pre-copy's directory over to the caller, who must make it the snapshot or delete it;
   * null if there is none, or it was already claimed or closed.
   */
  synchronized Path claim() {
    if (state != State.PREPARED || preCopy == null) {
      return null;
    }
    state = State.CLAIMED;
    return preCopy;
  }

  /** Deletes the pre-copy unless {@code take} claimed it. */
  @Override
  public void close() throws IOException {
    boolean delete;
    synchronized (this) {
      delete = state == State.PREPARED && preCopy != null;
      if (state == State.PREPARED) {
        state = State.CLOSED;
      }
    }
    onClose.accept(this);
    if (delete) {
      Trees.deleteTree(preCopy);
    }
  }
}
