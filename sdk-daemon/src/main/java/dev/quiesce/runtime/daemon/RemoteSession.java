package dev.quiesce.runtime.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.Status;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a remote backup and a remote restore session share: each method is one call. Sealed: the
 * daemon knows these two kinds of session and no other.
 */
abstract sealed class RemoteSession permits RemoteBackupSession, RemoteRestoreSession {
  final RemoteCoordinator remote;
  final SessionId id;
  private final AtomicBoolean closed = new AtomicBoolean();

  RemoteSession(RemoteCoordinator remote, SessionId id) {
    this.remote = remote;
    this.id = id;
  }

  public final SessionId id() {
    return id;
  }

  public final List<WriterMetadata> gatherWriterMetadata() {
    return remote.convertList(id, call(Call.GATHER), WriterMetadata.class);
  }

  public final List<WriterStatus> gatherWriterStatus() {
    return Status.toStatuses(remote.convertList(id, call(Call.STATUS), Status.class));
  }

  final void selectComponent(ComponentRef component) {
    Objects.requireNonNull(component, "component");
    remote.call(id, n -> Request.of(n, Call.SELECT, id).withComponent(component, null));
  }

  final boolean isClosed() {
    return closed.get();
  }

  /**
   * Ends the session in the daemon. If the connection is gone already, the daemon has ended the
   * session as lost; nothing more to do. Idempotent.
   */
  public final void close() {
    if (closed.compareAndSet(false, true) && remote.isConnected()) {
      call(Call.CLOSE);
    }
  }

  final JsonNode call(Call call) {
    return remote.call(id, n -> Request.of(n, call, id));
  }
}
