package dev.quiesce.runtime.internal;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.RestoreType;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link WriterContext} bound in Guice: answers for the event dispatched on the calling thread,
 * after checking the method's {@code @CallableDuring} events. One instance serves every writer and
 * session, since the answer comes from the thread, never from a "current" field another backup
 * could change.
 */
@Singleton
final class ThreadWriterContext implements WriterContext {
  private static final CallableDuringTable TABLE = CallableDuringTable.API;

  private static EventContexts.Base require(String method) {
    EventContexts.Base active = ActiveEvent.current();
    WriterEvent event = active == null ? null : active.event();
    TABLE.require(WriterContext.class, method, event);
    return active;
  }

  @Override
  public SnapshotSetId currentSnapshotSetId() {
    return require("currentSnapshotSetId").session().requireSnapshotSetId();
  }

  @Override
  public List<Path> currentVolumes() {
    return require("currentVolumes").session().volumes();
  }

  @Override
  public Path snapshotPathOf(Path original) {
    return require("snapshotPathOf").session().snapshotPathOf(original);
  }

  @Override
  public boolean isPathAffected(Path path) {
    return require("isPathAffected").session().isPathAffected(path);
  }

  @Override
  public BackupType currentBackupType() {
    return require("currentBackupType").session().requireBackupType();
  }

  @Override
  public RestoreType currentRestoreType() {
    return require("currentRestoreType").session().requireRestoreType();
  }

  @Override
  public SessionId currentSessionId() {
    return require("currentSessionId").sessionId();
  }

  @Override
  public void setWriterFailure(WriterFailure failure, String message) {
    require("setWriterFailure").report(failure, message);
  }
}
