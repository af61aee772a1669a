package dev.quiesce.runtime.internal;

import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.WriterStatus;
import java.util.List;

/**
 * The requestor's handle on a restore; ended by the coordinator's SessionReaper if dropped
 * unclosed.
 */
final class RestoreSessionHandle extends SessionHandle<RestoreSessionCore>
    implements RestoreSession {
  RestoreSessionHandle(RestoreSessionCore core) {
    super(core, core::collected);
  }

  @Override
  public RestoreSession select(ComponentRef component) {
    selectComponent(component);
    return this;
  }

  @Override
  public void preRestore() {
    fenced(core::preRestore);
  }

  @Override
  public void postRestore() {
    fenced(core::postRestore);
  }

  @Override
  public List<WriterStatus> gatherWriterStatus() {
    return fenced(core::statusNow);
  }

  @Override
  public void close() {
    closeWith(() -> core.end("closed"));
  }

  @Override
  public String toString() {
    return "RestoreSession[" + core.id() + "]";
  }
}
