package dev.quiesce.runtime.internal;

import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentBackupData;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.WriterStatus;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The requestor's handle on a backup; ended by the coordinator's SessionReaper as a lost requestor
 * if dropped unclosed.
 */
final class BackupSessionHandle extends SessionHandle<BackupSessionCore> implements BackupSession {
  BackupSessionHandle(BackupSessionCore core) {
    super(core, core::collected);
  }

  @Override
  public BackupSession select(ComponentRef component) {
    selectComponent(component);
    return this;
  }

  @Override
  public void prepareForBackup() {
    fenced(core::prepareForBackup);
  }

  @Override
  public SnapshotSet doSnapshotSet(Collection<Path> paths) {
    return fenced(() -> core.doSnapshotSet(paths));
  }

  @Override
  public List<ComponentRef> selectedComponents() {
    return fenced(core::selectedNow);
  }

  @Override
  public List<WriterStatus> gatherWriterStatus() {
    return fenced(core::gatherWriterStatus);
  }

  @Override
  public void setBackupSucceeded(ComponentRef component, boolean succeeded) {
    fenced(() -> core.setBackupSucceeded(component, succeeded));
  }

  @Override
  public void setPreviousBackupStamp(ComponentRef component, String stamp) {
    fenced(() -> core.setPreviousBackupStamp(component, stamp));
  }

  @Override
  public List<ComponentBackupData> backupComponents() {
    return fenced(core::backupComponents);
  }

  @Override
  public void backupComplete() {
    fenced(core::backupComplete);
  }

  @Override
  public void abort() {
    fenced(core::abort);
  }

  @Override
  public void close() {
    closeWith(core::close);
  }

  @Override
  public String toString() {
    return "BackupSession[" + core.id() + "]";
  }
}
