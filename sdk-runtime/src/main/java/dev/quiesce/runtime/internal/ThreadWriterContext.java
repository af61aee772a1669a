package dev.quiesce.runtime.internal;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.RestoreType;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
    EventContexts.Base active = require("currentBackupType");
    return active.session().effectiveBackupType(active.participant);
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

  @Override
  public void setBackupMetadata(String component, String metadata) {
    ComponentCalls.setBackupMetadata(require("setBackupMetadata"), component, metadata);
  }

  @Override
  public void setBackupStamp(String component, String stamp) {
    ComponentCalls.setBackupStamp(require("setBackupStamp"), component, stamp);
  }

  @Override
  public Optional<String> previousBackupStamp(String component) {
    return ComponentCalls.previousBackupStamp(require("previousBackupStamp"), component);
  }

  @Override
  public void addDifferencedFilesByLastModifyTime(
      String component, Path root, String filespec, boolean recursive, Instant since) {
    ComponentCalls.addDifferencedFiles(
        require("addDifferencedFilesByLastModifyTime"),
        component,
        root,
        filespec,
        recursive,
        since);
  }

  @Override
  public Optional<String> backupMetadata(String component) {
    return ComponentCalls.backupMetadata(require("backupMetadata"), component);
  }

  @Override
  public Optional<Path> restoreTarget(String component) {
    return ComponentCalls.restoreTarget(require("restoreTarget"), component);
  }

  @Override
  public void setRestoreMetadata(String component, String metadata) {
    ComponentCalls.setRestoreMetadata(require("setRestoreMetadata"), component, metadata);
  }

  @Override
  public Optional<String> restoreMetadata(String component) {
    return ComponentCalls.restoreMetadata(require("restoreMetadata"), component);
  }

  @Override
  public FileRestoreStatus fileRestoreStatus(String component) {
    return ComponentCalls.fileRestoreStatus(require("fileRestoreStatus"), component);
  }
}
