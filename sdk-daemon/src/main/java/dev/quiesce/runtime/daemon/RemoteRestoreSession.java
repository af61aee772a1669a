package dev.quiesce.runtime.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.SessionId;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.daemon.Wire.Request;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A {@link RestoreSession} run by the daemon; each method is one call on the connection. */
final class RemoteRestoreSession extends RemoteSession implements RestoreSession {
  RemoteRestoreSession(RemoteCoordinator remote, SessionId id) {
    super(remote, id);
  }

  @Override
  public RestoreSession select(ComponentRef component) {
    selectComponent(component);
    return this;
  }

  @Override
  public void setBackupMetadata(ComponentRef component, String metadata) {
    send(Call.BACKUP_METADATA, component, metadata);
  }

  @Override
  public void setRestoreTarget(ComponentRef component, Path directory) {
    Objects.requireNonNull(component, "component");
    Path absolute = directory.toAbsolutePath().normalize();
    remote.call(
        id,
        n ->
            Request.of(n, Call.RESTORE_TARGET, id)
                .withComponent(component, null)
                .withPaths(List.of(absolute)));
  }

  @Override
  public void setFileRestoreStatus(ComponentRef component, FileRestoreStatus status) {
    send(Call.FILE_RESTORE_STATUS, component, status.name());
  }

  @Override
  public Optional<String> restoreMetadata(ComponentRef component) {
    Objects.requireNonNull(component, "component");
    JsonNode result =
        remote.call(
            id, n -> Request.of(n, Call.RESTORE_METADATA, id).withComponent(component, null));
    return result == null || result.isNull() ? Optional.empty() : Optional.of(result.asText());
  }

  private void send(Call call, ComponentRef component, String text) {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(text, "text");
    remote.call(id, n -> Request.of(n, call, id).withComponent(component, null).withText(text));
  }

  @Override
  public void preRestore() {
    call(Call.PRE_RESTORE);
  }

  @Override
  public void postRestore() {
    call(Call.POST_RESTORE);
  }
}
