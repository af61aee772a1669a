package dev.quiesce.runtime;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import java.util.List;

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

  /** Each participating writer's status in this session. */
  List<WriterStatus> gatherWriterStatus();

  /** Ends the session and drops its state. Idempotent. */
  @Override
  void close();
}
