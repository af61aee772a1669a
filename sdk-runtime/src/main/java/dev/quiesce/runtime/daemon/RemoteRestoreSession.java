package dev.quiesce.runtime.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.Status;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link RestoreSession} run by the daemon; each method is one call on the connection. */
final class RemoteRestoreSession implements RestoreSession {
  private final RemoteCoordinator remote;
  private final SessionId id;
  private final AtomicBoolean closed = new AtomicBoolean();

  RemoteRestoreSession(RemoteCoordinator remote, SessionId id) {
    this.remote = remote;
    this.id = id;
  }

  @Override
  public SessionId id() {
    return id;
  }

  @Override
  public List<WriterMetadata> gatherWriterMetadata() {
    return remote.convertList(id, call("gather"), WriterMetadata.class);
  }

  @Override
  public RestoreSession select(ComponentRef component) {
    Objects.requireNonNull(component, "component");
    remote.call(id, n -> Request.of(n, "select", id).withComponent(component, null));
    return this;
  }

  @Override
  public void preRestore() {
    call("pre-restore");
  }

  @Override
  public void postRestore() {
    call("post-restore");
  }

  @Override
  public List<WriterStatus> gatherWriterStatus() {
    return Status.toStatuses(remote.convertList(id, call("status"), Status.class));
  }

  /** Ends the session in the daemon; nothing to do if the connection is gone (it ended it). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && remote.isConnected()) {
      call("close");
    }
  }

  private JsonNode call(String op) {
    return remote.call(id, n -> Request.of(n, op, id));
  }
}
