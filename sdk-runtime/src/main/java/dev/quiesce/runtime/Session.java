package dev.quiesce.runtime;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import java.util.List;

/**
 * What a backup and a restore session have in common: an id, Identify, a selection, the writers'
 * status in it, and an end. Code that keeps either kind (a daemon's table of the sessions a
 * connection opened) holds a {@code Session} and reaches the kind's own steps through {@link
 * BackupSession} or {@link RestoreSession}.
 */
public interface Session extends AutoCloseable {
  /** The session's id. */
  SessionId id();

  /** Sends Identify to every subscribed writer and returns their metadata. */
  List<WriterMetadata> gatherWriterMetadata();

  /** Selects a component, in addition to the options' selection. */
  Session select(ComponentRef component);

  /** Each participating writer's status in this session. */
  List<WriterStatus> gatherWriterStatus();

  /** Ends the session. Idempotent. */
  @Override
  void close();
}
