package dev.quiesce.runtime.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.SnapshotSetView;
import dev.quiesce.runtime.daemon.Wire.Status;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link BackupSession} run by the daemon; each method is one call on the connection. */
final class RemoteBackupSession implements BackupSession {
  private static final Logger log = LoggerFactory.getLogger(RemoteBackupSession.class);

  private final RemoteCoordinator remote;
  private final SessionId id;
  private final AtomicBoolean closed = new AtomicBoolean();

  RemoteBackupSession(RemoteCoordinator remote, SessionId id) {
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
  public BackupSession select(ComponentRef component) {
    Objects.requireNonNull(component, "component");
    remote.call(id, n -> Request.of(n, "select", id).withComponent(component, null));
    return this;
  }

  @Override
  public void prepareForBackup() {
    call("prepare");
  }

  @Override
  public SnapshotSet doSnapshotSet(Collection<Path> paths) {
    List<Path> absolute = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    JsonNode result =
        remote.call(id, n -> Request.of(n, "snapshot", id).withPaths(absolute));
    SnapshotSetView view = remote.convert(id, result, SnapshotSetView.class);
    RemoteSnapshot snapshot;
    try {
      snapshot = new RemoteSnapshot(view, this::release);
    } catch (IllegalArgumentException e) {
      throw new QuiesceException(id, e.getMessage(), List.of(), e);
    }
    return new SnapshotSet(
        snapshot,
        view.provider(),
        view.policy(),
        Status.toStatuses(view.quiesceFailures()),
        view.frozenFor());
  }

  private void release() {
    if (!closed.get()) {
      call("release");
    }
  }

  @Override
  public List<ComponentRef> selectedComponents() {
    return remote.convertList(id, call("selected"), ComponentRef.class);
  }

  @Override
  public List<WriterStatus> gatherWriterStatus() {
    return Status.toStatuses(remote.convertList(id, call("status"), Status.class));
  }

  @Override
  public void setBackupSucceeded(ComponentRef component, boolean succeeded) {
    Objects.requireNonNull(component, "component");
    remote.call(id, n -> Request.of(n, "succeeded", id).withComponent(component, succeeded));
  }

  @Override
  public void backupComplete() {
    call("complete");
  }

  @Override
  public void abort() {
    call("abort");
  }

  /**
   * Ends the session in the daemon (BackupShutdown to its writers). If the connection is gone
   * already, the daemon has ended the session as lost; nothing more to do.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (!remote.isConnected()) {
      log.debug("session {}: connection gone, the daemon ended it as lost", id);
      return;
    }
    call("close");
  }

  private JsonNode call(String op) {
    return remote.call(id, n -> Request.of(n, op, id));
  }
}
