package dev.quiesce.runtime.daemon;

import dev.quiesce.api.SessionId;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.RestoreSession;

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
  public void preRestore() {
    call(Call.PRE_RESTORE);
  }

  @Override
  public void postRestore() {
    call(Call.POST_RESTORE);
  }
}
