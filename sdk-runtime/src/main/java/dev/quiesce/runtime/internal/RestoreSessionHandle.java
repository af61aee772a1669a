package dev.quiesce.runtime.internal;

import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.WriterStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
  public void setBackupMetadata(ComponentRef component, String metadata) {
    fenced(() -> core.document().setBackupMetadata(component, metadata));
  }

  @Override
  public void setRestoreTarget(ComponentRef component, Path directory) {
    fenced(() -> core.document().setRestoreTarget(component, directory));
  }

  @Override
  public void setFileRestoreStatus(ComponentRef component, FileRestoreStatus status) {
    fenced(() -> core.document().setFileRestoreStatus(component, status));
  }

  @Override
  public Optional<String> restoreMetadata(ComponentRef component) {
    return fenced(() -> core.document().restoreMetadata(component));
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
