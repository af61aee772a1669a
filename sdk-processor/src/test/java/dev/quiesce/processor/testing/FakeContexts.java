package dev.quiesce.processor.testing;

import dev.quiesce.api.AbortContext;
import dev.quiesce.api.BackupCompleteContext;
import dev.quiesce.api.BackupShutdownContext;
import dev.quiesce.api.BackupType;
import dev.quiesce.api.EventContext;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.PostRestoreContext;
import dev.quiesce.api.PostSnapshotContext;
import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.PrepareBackupContext;
import dev.quiesce.api.PrepareSnapshotContext;
import dev.quiesce.api.Requestor;
import dev.quiesce.api.RestoreType;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotEventContext;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.metadata.Component;
import dev.quiesce.api.metadata.RestoreMethod;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Hand-written contexts for driving generated dispatchers without the runtime. Each event has its
 * own class implementing only its own context interface, so a dispatcher that cast to the wrong
 * context would fail.
 */
public final class FakeContexts {
  private FakeContexts() {}

  /** What all fakes share: the event and the session. */
  public abstract static class Base implements EventContext {
    private final WriterEvent event;
    private final SessionId sessionId;

    Base(WriterEvent event, SessionId sessionId) {
      this.event = event;
      this.sessionId = sessionId;
    }

    @Override
    public WriterEvent event() {
      return event;
    }

    @Override
    public SessionId sessionId() {
      return sessionId;
    }

    @Override
    public Instant deadline() {
      return Instant.MAX;
    }

    @Override
    public Requestor requestor() {
      return new Requestor("test", 1, "tester");
    }

    @Override
    public void reportFailure(WriterFailure failure, String message) {
      throw new UnsupportedOperationException("not used by dispatchers");
    }

    @Override
    public String toString() {
      return event + "@" + sessionId;
    }
  }

  /** What the four snapshot-set fakes share: the current id. */
  abstract static class InSnapshotSet extends Base implements SnapshotEventContext {
    private final SnapshotSetId current;

    InSnapshotSet(WriterEvent event, SessionId sessionId, SnapshotSetId current) {
      super(event, sessionId);
      this.current = current;
    }

    @Override
    public SnapshotSetId currentSnapshotSetId() {
      return current;
    }

    @Override
    public List<Path> volumes() {
      return List.of();
    }
  }

  public static IdentifyContext identify(SessionId session) {
    return new Identify(session);
  }

  public static PrepareBackupContext prepareBackup(SessionId session) {
    return new PrepareBackup(session);
  }

  public static PrepareSnapshotContext prepareSnapshot(SessionId session, SnapshotSetId id) {
    return new PrepareSnapshot(session, id);
  }

  public static FreezeContext freeze(SessionId session, SnapshotSetId id) {
    return new Freeze(session, id);
  }

  public static ThawContext thaw(SessionId session, SnapshotSetId id) {
    return new Thaw(session, id);
  }

  public static PostSnapshotContext postSnapshot(SessionId session, SnapshotSetId id) {
    return new PostSnapshot(session, id);
  }

  /**
   * Abort's context; its own {@code snapshotSetId()} is empty, to tell it from the captured one.
   */
  public static AbortContext abort(SessionId session) {
    return new Abort(session);
  }

  public static BackupCompleteContext backupComplete(SessionId session) {
    return new BackupComplete(session);
  }

  public static BackupShutdownContext backupShutdown(SessionId session, ShutdownCause cause) {
    return new BackupShutdown(session, cause);
  }

  public static PreRestoreContext preRestore(SessionId session) {
    return new PreRestore(session);
  }

  public static PostRestoreContext postRestore(SessionId session) {
    return new PostRestore(session);
  }

  /** The context of {@code event}, with {@code id} as the current set where the event has one. */
  public static EventContext of(WriterEvent event, SessionId session, SnapshotSetId id) {
    switch (event) {
      case IDENTIFY:
        return identify(session);
      case PREPARE_BACKUP:
        return prepareBackup(session);
      case PREPARE_SNAPSHOT:
        return prepareSnapshot(session, id);
      case FREEZE:
        return freeze(session, id);
      case THAW:
        return thaw(session, id);
      case POST_SNAPSHOT:
        return postSnapshot(session, id);
      case ABORT:
        return abort(session);
      case BACKUP_COMPLETE:
        return backupComplete(session);
      case BACKUP_SHUTDOWN:
        return backupShutdown(session, ShutdownCause.COMPLETED);
      case PRE_RESTORE:
        return preRestore(session);
      case POST_RESTORE:
        return postRestore(session);
    }
    throw new AssertionError(event);
  }

  static final class Identify extends Base implements IdentifyContext {
    Identify(SessionId session) {
      super(WriterEvent.IDENTIFY, session);
    }

    @Override
    public Component.Builder component(String name) {
      return Component.builder(name);
    }

    @Override
    public void excludeFiles(Path root, String filespec, boolean recursive) {}

    @Override
    public void restoreMethod(RestoreMethod method) {}

    @Override
    public void backupSchema(Set<BackupType> supported) {}

    @Override
    public void componentDependency(String component, String onWriter, String onComponent) {}

    @Override
    public void alternateLocationMapping(
        Path root, String filespec, boolean recursive, Path destination) {}
  }

  static final class PrepareBackup extends Base implements PrepareBackupContext {
    PrepareBackup(SessionId session) {
      super(WriterEvent.PREPARE_BACKUP, session);
    }

    @Override
    public BackupType backupType() {
      return BackupType.FULL;
    }

    @Override
    public Set<String> selectedComponents() {
      return Set.of();
    }

    @Override
    public void setBackupMetadata(String component, String metadata) {}

    @Override
    public void setBackupStamp(String component, String stamp) {}

    @Override
    public Optional<String> previousBackupStamp(String component) {
      return Optional.empty();
    }

    @Override
    public void addDifferencedFilesByLastModifyTime(
        String component, Path root, String filespec, boolean recursive, Instant since) {}
  }

  static final class PrepareSnapshot extends InSnapshotSet implements PrepareSnapshotContext {
    PrepareSnapshot(SessionId session, SnapshotSetId id) {
      super(WriterEvent.PREPARE_SNAPSHOT, session, id);
    }
  }

  static final class Freeze extends InSnapshotSet implements FreezeContext {
    Freeze(SessionId session, SnapshotSetId id) {
      super(WriterEvent.FREEZE, session, id);
    }
  }

  static final class Thaw extends InSnapshotSet implements ThawContext {
    Thaw(SessionId session, SnapshotSetId id) {
      super(WriterEvent.THAW, session, id);
    }
  }

  static final class PostSnapshot extends InSnapshotSet implements PostSnapshotContext {
    PostSnapshot(SessionId session, SnapshotSetId id) {
      super(WriterEvent.POST_SNAPSHOT, session, id);
    }

    @Override
    public Path snapshotPathOf(Path original) {
      return original;
    }

    @Override
    public void setBackupMetadata(String component, String metadata) {}

    @Override
    public void setBackupStamp(String component, String stamp) {}

    @Override
    public Optional<String> previousBackupStamp(String component) {
      return Optional.empty();
    }

    @Override
    public void addDifferencedFilesByLastModifyTime(
        String component, Path root, String filespec, boolean recursive, Instant since) {}
  }

  static final class Abort extends Base implements AbortContext {
    Abort(SessionId session) {
      super(WriterEvent.ABORT, session);
    }

    @Override
    public Optional<SnapshotSetId> snapshotSetId() {
      return Optional.empty();
    }
  }

  static final class BackupComplete extends Base implements BackupCompleteContext {
    BackupComplete(SessionId session) {
      super(WriterEvent.BACKUP_COMPLETE, session);
    }

    @Override
    public Optional<SnapshotSetId> snapshotSetId() {
      return Optional.empty();
    }

    @Override
    public Set<String> selectedComponents() {
      return Set.of();
    }

    @Override
    public boolean backupSucceeded(String component) {
      return true;
    }
  }

  static final class BackupShutdown extends Base implements BackupShutdownContext {
    private final ShutdownCause cause;

    BackupShutdown(SessionId session, ShutdownCause cause) {
      super(WriterEvent.BACKUP_SHUTDOWN, session);
      this.cause = cause;
    }

    @Override
    public Optional<SnapshotSetId> snapshotSetId() {
      return Optional.empty();
    }

    @Override
    public ShutdownCause cause() {
      return cause;
    }

    @Override
    public boolean backupCompleteDelivered() {
      return cause == ShutdownCause.COMPLETED;
    }
  }

  static final class PreRestore extends Base implements PreRestoreContext {
    PreRestore(SessionId session) {
      super(WriterEvent.PRE_RESTORE, session);
    }

    @Override
    public RestoreType restoreType() {
      return RestoreType.BY_COPY;
    }

    @Override
    public Set<String> selectedComponents() {
      return Set.of();
    }

    @Override
    public Optional<Path> alternateLocation() {
      return Optional.empty();
    }

    @Override
    public Optional<String> backupMetadata(String component) {
      return Optional.empty();
    }

    @Override
    public Optional<Path> restoreTarget(String component) {
      return Optional.empty();
    }

    @Override
    public void setRestoreMetadata(String component, String metadata) {}
  }

  static final class PostRestore extends Base implements PostRestoreContext {
    PostRestore(SessionId session) {
      super(WriterEvent.POST_RESTORE, session);
    }

    @Override
    public RestoreType restoreType() {
      return RestoreType.BY_COPY;
    }

    @Override
    public Set<String> selectedComponents() {
      return Set.of();
    }

    @Override
    public Optional<Path> alternateLocation() {
      return Optional.empty();
    }

    @Override
    public Optional<String> backupMetadata(String component) {
      return Optional.empty();
    }

    @Override
    public Optional<Path> restoreTarget(String component) {
      return Optional.empty();
    }

    @Override
    public Optional<String> restoreMetadata(String component) {
      return Optional.empty();
    }

    @Override
    public FileRestoreStatus fileRestoreStatus(String component) {
      return FileRestoreStatus.ALL;
    }
  }
}
