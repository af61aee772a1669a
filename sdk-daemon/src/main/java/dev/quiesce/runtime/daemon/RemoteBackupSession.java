package dev.quiesce.runtime.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiesce.api.SessionId;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentBackupData;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.daemon.Wire.ComponentData;
import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.SnapshotSetView;
import dev.quiesce.runtime.daemon.Wire.Status;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** A {@link BackupSession} run by the daemon; each method is one call on the connection. */
final class RemoteBackupSession extends RemoteSession implements BackupSession {
  RemoteBackupSession(RemoteCoordinator remote, SessionId id) {
    super(remote, id);
  }

  @Override
  public BackupSession select(ComponentRef component) {
    selectComponent(component);
    return this;
  }

  @Override
  public void prepareForBackup() {
    call(Call.PREPARE);
  }

  /** Paths are made absolute here: the daemon's working directory is not this process's. */
  @Override
  public SnapshotSet doSnapshotSet(Collection<Path> paths) {
    List<Path> absolute = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    JsonNode result = remote.call(id, n -> Request.of(n, Call.SNAPSHOT, id).withPaths(absolute));
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
    if (!isClosed()) {
      call(Call.RELEASE);
    }
  }

  @Override
  public List<ComponentRef> selectedComponents() {
    return remote.convertList(id, call(Call.SELECTED), ComponentRef.class);
  }

  @Override
  public void setBackupSucceeded(ComponentRef component, boolean succeeded) {
    Objects.requireNonNull(component, "component");
    remote.call(id, n -> Request.of(n, Call.SUCCEEDED, id).withComponent(component, succeeded));
  }

  @Override
  public void setPreviousBackupStamp(ComponentRef component, String stamp) {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(stamp, "stamp");
    remote.call(
        id,
        n -> Request.of(n, Call.PREVIOUS_STAMP, id).withComponent(component, null).withText(stamp));
  }

  @Override
  public List<ComponentBackupData> backupComponents() {
    return remote.convertList(id, call(Call.COMPONENTS), ComponentData.class).stream()
        .map(ComponentData::toData)
        .toList();
  }

  @Override
  public void backupComplete() {
    call(Call.COMPLETE);
  }

  @Override
  public void abort() {
    call(Call.ABORT);
  }
}
