package dev.quiesce.runtime;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * A requestor's handle on one backup (VSS's {@code IVssBackupComponents}), used from one thread, in
 * this order:
 *
 * <ol>
 *   <li>{@link #gatherWriterMetadata()} — Identify, to every subscribed writer;
 *   <li>{@link #select} (optional) — adds components to the options' selection;
 *   <li>{@link #prepareForBackup()} — PrepareBackup, to writers with a selected component;
 *   <li>{@link #doSnapshotSet(Collection)} — PrepareSnapshot, Freeze by level, the provider's
 *       snapshot, Thaw in reverse level order, PostSnapshot (optional: a backup may need none);
 *   <li>{@link #setBackupSucceeded}, then {@link #backupComplete()} — BackupComplete;
 *   <li>{@link #close()} — the coordinator raises BackupShutdown.
 * </ol>
 *
 * <p>{@link #abort()} may be called at any time, from any thread. A session that is never closed is
 * ended when it is garbage-collected, as a lost requestor: the coordinator, not the requestor, owns
 * BackupShutdown.
 */
public interface BackupSession extends Session {
  /** The session's id, in every log line and event context of the session. */
  SessionId id();

  /**
   * Sends Identify to every subscribed writer and returns their metadata. A writer whose Identify
   * fails or times out is left out (and marked {@code FAILED_AT_IDENTIFY}).
   */
  List<WriterMetadata> gatherWriterMetadata();

  /**
   * Selects a component, in addition to the options' selection. Before {@link #prepareForBackup()}.
   *
   * @throws IllegalArgumentException if no writer that answered Identify has that component
   */
  BackupSession select(ComponentRef component);

  /**
   * Sends PrepareBackup to every writer with a selected component; gathers metadata first if not
   * done.
   *
   * @throws QuiesceException if a writer failed and the policy is {@link QuiescePolicy#FAIL}; the
   *     session is then aborted
   * @throws IllegalArgumentException if a selected component depends on a component of another
   *     writer that is not selected (both are named); no writer got PrepareBackup
   */
  void prepareForBackup();

  /**
   * Takes the snapshot set: provider check, PrepareSnapshot, Freeze (FRONT_END, BACK_END, SYSTEM),
   * the provider's snapshot, Thaw (reverse), PostSnapshot. At most once per session. Waits
   * (bounded) for another session's freeze window to close first.
   *
   * @param paths the paths to snapshot
   * @return the snapshot set
   * @throws QuiesceException if a writer vetoed or timed out (under {@link QuiescePolicy#FAIL}),
   *     the provider failed, a freeze window expired, or the session was aborted or lost meanwhile;
   *     every frozen writer has then been thawed and the participants aborted
   */
  SnapshotSet doSnapshotSet(Collection<Path> paths);

  /**
   * The components selected for this backup, writer by writer, as {@link #prepareForBackup()} fixed
   * them (the options' selection, {@link #select} calls, and every non-selectable component of a
   * selected writer). Empty before {@code prepareForBackup}. A requestor backs up the files of
   * these.
   */
  List<ComponentRef> selectedComponents();

  /**
   * Gives the writer of {@code component} the stamp it left with this backup's base (VSS's {@code
   * SetPreviousBackupStamp}): it reads it in PrepareBackup or PostSnapshot with {@code
   * previousBackupStamp}, when its backup is incremental or differential. Before {@link
   * #prepareForBackup()}.
   *
   * @throws IllegalArgumentException if the stamp is over its bound (64 KiB)
   */
  void setPreviousBackupStamp(ComponentRef component, String stamp);

  /**
   * The Backup Components Document as the writers left it: for each selected component, its backup
   * metadata, stamp and differenced files, and the type its writer's backup is done as. Complete
   * once {@link #doSnapshotSet} returned (writers write it in PrepareBackup and PostSnapshot); the
   * requestor keeps it with the backup.
   */
  List<ComponentBackupData> backupComponents();

  /** Each participating writer's status in this session. */
  List<WriterStatus> gatherWriterStatus();

  /** Records whether a component's data was backed up, for BackupComplete. Unset means false. */
  void setBackupSucceeded(ComponentRef component, boolean succeeded);

  /**
   * Sends BackupComplete: the backup is good.
   *
   * @throws QuiesceException if a writer failed it (the backup still counts as complete)
   */
  void backupComplete();

  /**
   * Aborts the backup: frozen writers are thawed, then every participant gets Abort (once, and
   * never after PostSnapshot). May be called from any thread, also while {@link #doSnapshotSet}
   * runs, which then fails promptly. Idempotent.
   */
  void abort();

  /**
   * Ends the session: thaws what is still frozen, aborts a snapshot set in progress, and sends
   * BackupShutdown to every writer that received an event of the session, then waits (bounded) for
   * them. Idempotent.
   */
  @Override
  void close();
}
