package dev.quiesce.runtime;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SnapshotSetId;
import java.time.Instant;

/**
 * One coordinator's share of a snapshot set that spans several coordinators, taken one step at a
 * time so that a requestor can drive every member through one global freeze window: Freeze the
 * FRONT_END writers of every member before the BACK_END writers of any, take every member's
 * snapshot while all are frozen, then thaw in reverse. {@link BackupSession#doSnapshotSet} is the
 * same steps run back to back on one coordinator.
 *
 * <p>Made by {@link BackupSession#beginSnapshotSet}; used from one thread, in exactly this order:
 *
 * <ol>
 *   <li>{@link #prepare()};
 *   <li>{@link #freeze} FRONT_END, BACK_END, SYSTEM;
 *   <li>{@link #snapshot()};
 *   <li>{@link #thaw} SYSTEM, BACK_END, FRONT_END;
 *   <li>{@link #finish()}.
 * </ol>
 *
 * A step called out of that order throws {@link IllegalStateException} and changes nothing.
 *
 * <p>The member does not trust the requestor to come back: its own watchdog thaws every frozen
 * writer at {@link #thawDeadline()} (the set's freeze window from the first {@link #freeze}, or a
 * writer's own {@code freezeTimeoutMillis} from its Freeze, whichever ends first), whatever the
 * requestor does; the next step then fails with {@link QuiesceException}. Every guarantee of {@code
 * doSnapshotSet} holds: each writer gets exactly one BackupShutdown when the session ends, naming
 * the requestor-given set id; only one freeze window at a time per coordinator.
 *
 * <p>{@link #close()} may be called from any thread, also while a step runs (which then fails
 * promptly): a set not {@linkplain #finish() finished} is aborted, every frozen writer thawed at
 * once. A step that throws has aborted the set already; close it anyway.
 */
public interface SnapshotSetSteps extends AutoCloseable {
  /** The set's id, given by the requestor: what every writer of every member sees. */
  SnapshotSetId id();

  /**
   * Checks the snapshot provider can snapshot the paths, sends PrepareSnapshot to every selected
   * writer (in parallel), then waits (bounded) for another session's freeze window on this
   * coordinator to close.
   *
   * @throws QuiesceException if the provider refused, a writer vetoed (under {@link
   *     QuiescePolicy#FAIL}) or the freeze window stayed taken; the set is then aborted
   * @throws IllegalStateException if not the first step
   */
  void prepare();

  /**
   * Sends Freeze to the selected writers of {@code level} (in parallel) and waits for them; does
   * nothing else when there are none. The FRONT_END call opens this member's freeze window.
   *
   * @throws QuiesceException if a writer vetoed or timed out (under {@link QuiescePolicy#FAIL}),
   *     the freeze window expired, or the set was aborted; every frozen writer is then thawed
   * @throws IllegalStateException if out of order (FRONT_END, BACK_END, SYSTEM after prepare)
   */
  void freeze(ApplicationLevel level);

  /**
   * Takes this coordinator's provider snapshot of the paths, while its writers are frozen. Bounded
   * by the freeze window.
   *
   * @throws QuiesceException if the provider failed or outlived the freeze window, a frozen
   *     writer's file vanished from the copy (under {@link QuiescePolicy#FAIL}), or the set was
   *     aborted
   * @throws IllegalStateException if not called right after {@code freeze(SYSTEM)}
   */
  void snapshot();

  /**
   * Sends Thaw to the writers of {@code level} that were frozen and waits for them. The caller
   * thaws in reverse order: SYSTEM, BACK_END, FRONT_END; the FRONT_END call closes the window.
   *
   * @throws QuiesceException if a writer failed Thaw (under {@link QuiescePolicy#FAIL}), the freeze
   *     window expired before, or the set was aborted
   * @throws IllegalStateException if out of order
   */
  void thaw(ApplicationLevel level);

  /**
   * Sends PostSnapshot and returns the snapshot set, as {@link BackupSession#doSnapshotSet} does.
   * The session releases it when it ends if the caller does not close it first.
   *
   * @throws QuiesceException if the set was aborted or the session ended meanwhile
   * @throws IllegalStateException if not called right after {@code thaw(FRONT_END)}
   */
  SnapshotSet finish();

  /**
   * When this member thaws its writers on its own: the earliest of the set's freeze window and each
   * frozen writer's own window, counted from its Freeze. {@link Instant#MAX} before the first
   * {@link #freeze}; it may move earlier as later levels freeze (a writer's own window may end
   * before the set's).
   */
  Instant thawDeadline();

  /**
   * Ends the steps: if the set was not {@linkplain #finish() finished}, every frozen writer is
   * thawed at once and the set aborted (the session stays open for its {@code close()}). May be
   * called from any thread. Idempotent.
   */
  @Override
  void close();
}
