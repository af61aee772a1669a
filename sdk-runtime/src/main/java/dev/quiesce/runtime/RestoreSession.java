package dev.quiesce.runtime;

import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A requestor's handle on one restore: {@link #gatherWriterMetadata()}, {@link #select}, {@link
 * #preRestore()}, copy the files, {@link #postRestore()}, {@link #close()}. As in VSS, restores
 * have no Abort and no BackupShutdown; a restore session dropped unclosed is cleaned up when
 * collected.
 */
public interface RestoreSession extends Session {
  @Override
  SessionId id();

  /** Sends Identify to every subscribed writer and returns their metadata. */
  List<WriterMetadata> gatherWriterMetadata();

  /** Selects a component, in addition to the options' selection. Before {@link #preRestore()}. */
  RestoreSession select(ComponentRef component);

  /**
   * Sends PreRestore to every writer with a selected component.
   *
   * @throws QuiesceException if a writer failed or timed out
   */
  void preRestore();

  /**
   * Sends PostRestore to the writers that got PreRestore.
   *
   * @throws QuiesceException if a writer failed or timed out
   */
  void postRestore();

  /**
   * Gives the writer of {@code component} the metadata it kept with the backup, read in PreRestore
   * and PostRestore with {@code backupMetadata}. Before {@link #preRestore()}.
   *
   * @throws IllegalArgumentException if the metadata is over its bound (64 KiB)
   */
  void setBackupMetadata(ComponentRef component, String metadata);

  /**
   * Restores {@code component} under {@code directory} (a new target, VSS's {@code AddNewTarget}),
   * told to its writer with {@code restoreTarget}. Before {@link #preRestore()}.
   */
  void setRestoreTarget(ComponentRef component, Path directory);

  /**
   * Says whether the files of {@code component} were restored, told to its writer at PostRestore
   * ({@code fileRestoreStatus}). Unset means {@link FileRestoreStatus#NONE}. Before {@link
   * #postRestore()}.
   */
  void setFileRestoreStatus(ComponentRef component, FileRestoreStatus status);

  /** What the writer of {@code component} kept in PreRestore with {@code setRestoreMetadata}. */
  Optional<String> restoreMetadata(ComponentRef component);

  /** Each participating writer's status in this session. */
  List<WriterStatus> gatherWriterStatus();

  /** Ends the session and drops its state. Idempotent. */
  @Override
  void close();
}
