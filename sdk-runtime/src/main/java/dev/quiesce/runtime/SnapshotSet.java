package dev.quiesce.runtime;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The point-in-time copy a backup session took, as the requestor reads it: where each original path
 * can be read, and whether the writers were quiesced when it was taken.
 *
 * <p>Closing it releases the provider's snapshot early; the session releases it anyway when it ends
 * (VSS deletes non-persistent snapshots on release), so read it inside the session.
 */
public final class SnapshotSet implements AutoCloseable {
  private final Snapshot snapshot;
  private final String provider;
  private final QuiescePolicy policy;
  private final List<WriterStatus> quiesceFailures;
  private final Duration frozenFor;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param snapshot the provider's snapshot
   * @param provider the provider's name
   * @param policy the quiesce-failure policy the backup ran under
   * @param quiesceFailures the writers whose quiesce failed (empty when application-consistent)
   * @param frozenFor how long the writers were held, from the first Freeze to the last Thaw
   */
  public SnapshotSet(
      Snapshot snapshot,
      String provider,
      QuiescePolicy policy,
      List<WriterStatus> quiesceFailures,
      Duration frozenFor) {
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.quiesceFailures = List.copyOf(quiesceFailures);
    this.frozenFor = Objects.requireNonNull(frozenFor, "frozenFor");
  }

  /** The snapshot set's id: the one every writer captured in this session. */
  public SnapshotSetId id() {
    return snapshot.id();
  }

  /** The original paths the set covers. */
  public List<Path> paths() {
    return snapshot.paths();
  }

  /**
   * Where the copy of {@code original} can be read.
   *
   * @throws IllegalArgumentException if {@code original} is outside the set
   * @throws IllegalStateException if the set was released
   */
  public Path pathOf(Path original) {
    if (closed.get()) {
      throw new IllegalStateException("snapshot set " + id() + " was released");
    }
    return snapshot.pathOf(original);
  }

  /**
   * How long the writers were held for this snapshot: from the first Freeze sent to the last Thaw
   * returned, the provider's copy included. What the applications paid for the backup.
   */
  public Duration frozenFor() {
    return frozenFor;
  }

  /** The provider that made the copy, for the manifest. */
  public String provider() {
    return provider;
  }

  /** The policy the backup ran under. */
  public QuiescePolicy policy() {
    return policy;
  }

  /**
   * Whether every participating writer was frozen when the copy was taken (application-consistent);
   * {@code false} means crash-consistent, which only {@link
   * QuiescePolicy#CONTINUE_CRASH_CONSISTENT} allows.
   */
  public boolean quiesced() {
    return quiesceFailures.isEmpty();
  }

  /**
   * The entries the provider listed but found gone when it copied them, so not in the copy (see
   * {@link Snapshot#vanished()}). What each meant was judged while the set was taken: a file of a
   * frozen writer failed the set, or (under {@link QuiescePolicy#CONTINUE_CRASH_CONSISTENT}) made
   * that writer a {@linkplain #quiesceFailures() quiesce failure}; any other is an excluded or
   * unselected file, or one of a writer that was not quiesced.
   */
  public List<Path> vanished() {
    return snapshot.vanished();
  }

  /** The writers whose quiesce failed, and why; empty if {@link #quiesced()}. */
  public List<WriterStatus> quiesceFailures() {
    return quiesceFailures;
  }

  /**
   * Whether the copy's files are the provider's private copies, which an archive on the same
   * filesystem may hard-link instead of copying (see {@link Snapshot#privateCopies()}).
   */
  public boolean privateCopies() {
    return snapshot.privateCopies();
  }

  /**
   * Whether the copy's files can be cloned (reflinked) on their filesystem, as a btrfs snapshot's
   * can: an archive on that filesystem may clone them instead of copying them (see {@link
   * Snapshot#clonable()}).
   */
  public boolean clonable() {
    return snapshot.clonable();
  }

  /** Releases the provider's snapshot. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        snapshot.close();
      } catch (IOException e) {
        throw new UncheckedIOException("could not release snapshot set " + id(), e);
      }
    }
  }
}
