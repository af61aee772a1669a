package dev.quiesce.runtime.internal;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.WriterStatus;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The requestor's handle: a thin front over {@link BackupSessionCore}. Only the requestor holds it;
 * when it becomes unreachable unclosed, the Cleaner ends the core as a lost requestor. Every method
 * keeps the handle reachable until it returns ({@link Reference#reachabilityFence}), so a session in
 * use is never cleaned from under its caller.
 */
final class BackupSessionHandle implements BackupSession {
  private final BackupSessionCore core;
  private final Cleaner.Cleanable cleanable;

  BackupSessionHandle(BackupSessionCore core) {
    this.core = core;
    this.cleanable = SessionCleaner.register(this, core::collected);
  }

  @Override
  public SessionId id() {
    return core.id();
  }

  @Override
  public List<WriterMetadata> gatherWriterMetadata() {
    try {
      return core.op("gatherWriterMetadata", core::gatherWriterMetadataNow);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public BackupSession select(ComponentRef component) {
    try {
      core.op("select", () -> core.selectNow(component));
      return this;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void prepareForBackup() {
    try {
      core.prepareForBackup();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public SnapshotSet doSnapshotSet(Collection<Path> paths) {
    try {
      return core.doSnapshotSet(paths);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public List<ComponentRef> selectedComponents() {
    try {
      return core.selectedNow();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public List<WriterStatus> gatherWriterStatus() {
    try {
      return core.gatherWriterStatus();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void setBackupSucceeded(ComponentRef component, boolean succeeded) {
    try {
      core.setBackupSucceeded(component, succeeded);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void backupComplete() {
    try {
      core.backupComplete();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void abort() {
    try {
      core.abort();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void close() {
    try {
      core.close();
    } finally {
      cleanable.clean();
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public String toString() {
    return "BackupSession[" + core.id() + "]";
  }
}
