package dev.quiesce.runtime.internal;

import dev.quiesce.api.AbortContext;
import dev.quiesce.api.BackupCompleteContext;
import dev.quiesce.api.BackupShutdownContext;
import dev.quiesce.api.BackupType;
import dev.quiesce.api.ComponentBackupContext;
import dev.quiesce.api.ComponentRestoreContext;
import dev.quiesce.api.EventContext;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.IllegalEventStateException;
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
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.api.spi.WriterDescriptor;
import dev.quiesce.runtime.ComponentRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The event contexts handed to handlers, one small class per event. A context is valid only while
 * its handler runs: used afterwards (stored, captured by a lambda) it throws, since it would
 * describe an event that is over, possibly of another backup.
 */
final class EventContexts {
  private EventContexts() {}

  /** Makes the context of {@code event} for {@code participant}. */
  static Base create(WriterEvent event, Participant participant, Instant deadline) {
    return switch (event) {
      case IDENTIFY -> new Identify(participant, deadline);
      case PREPARE_BACKUP -> new PrepareBackup(participant, deadline);
      case PREPARE_SNAPSHOT -> new PrepareSnapshot(participant, deadline);
      case FREEZE -> new Freeze(participant, deadline);
      case THAW -> new Thaw(participant, deadline);
      case POST_SNAPSHOT -> new PostSnapshot(participant, deadline);
      case ABORT -> new Abort(participant, deadline);
      case BACKUP_COMPLETE -> new BackupComplete(participant, deadline);
      case BACKUP_SHUTDOWN -> new BackupShutdown(participant, deadline);
      case PRE_RESTORE -> new PreRestore(participant, deadline);
      case POST_RESTORE -> new PostRestore(participant, deadline);
    };
  }

  /** What every context shares. */
  abstract static class Base implements EventContext {
    private final WriterEvent event;
    private final Instant deadline;
    final Participant participant;
    private volatile boolean active = true;
    private volatile WriterFailure reportedFailure;
    private volatile String reportedMessage;

    Base(WriterEvent event, Participant participant, Instant deadline) {
      this.event = event;
      this.participant = participant;
      this.deadline = deadline;
    }

    final AbstractSession session() {
      return participant.session();
    }

    final void checkActive() {
      if (!active) {
        throw new IllegalStateException(
            "the "
                + event
                + " context of session "
                + session().id()
                + " was used after its handler returned; contexts are valid only during their"
                + " handler");
      }
    }

    final void deactivate() {
      active = false;
    }

    @Override
    public final WriterEvent event() {
      return event;
    }

    @Override
    public final SessionId sessionId() {
      return session().id();
    }

    @Override
    public final Instant deadline() {
      return deadline;
    }

    @Override
    public final Requestor requestor() {
      return session().requestor();
    }

    @Override
    public final void reportFailure(WriterFailure failure, String message) {
      CallableDuringTable.API.require(EventContext.class, "reportFailure", event);
      report(failure, message);
    }

    /** Records a non-vetoing failure for this event (also used by {@code WriterContext}). */
    final void report(WriterFailure failure, String message) {
      checkActive();
      reportedMessage = Objects.requireNonNull(message, "message");
      reportedFailure = Objects.requireNonNull(failure, "failure");
    }

    /** The failure the handler reported without vetoing, if any. */
    final Optional<EventOutcome> reported() {
      WriterFailure f = reportedFailure;
      return f == null
          ? Optional.empty()
          : Optional.of(EventOutcome.reported(event, f, reportedMessage));
    }

    final Set<String> components() {
      checkActive();
      return participant.selectedComponents();
    }

    /**
     * Checks that {@code api.method} is called from the thread running this very handler, during an
     * event its {@code @CallableDuring} allows: a context that escaped (stored, captured, handed to
     * another thread) is refused with {@link IllegalEventStateException}, as {@code WriterContext}
     * refuses a call outside its events.
     */
    public final Base requireCurrent(Class<?> api, String method) {
      Base current = ActiveEvent.current();
      if (current != this) {
        throw new IllegalEventStateException(
            api.getSimpleName() + "." + method + "()",
            current == null ? null : current.event(),
            CallableDuringTable.API.allowed(api, method));
      }
      CallableDuringTable.API.require(api, method, event);
      checkActive();
      return this;
    }
  }

  /** Identify: builds the writer's metadata. */
  static final class Identify extends Base implements IdentifyContext {
    private final WriterMetadata.Builder builder;

    Identify(Participant p, Instant deadline) {
      super(WriterEvent.IDENTIFY, p, deadline);
      WriterDescriptor d = p.writer().descriptor();
      this.builder =
          WriterMetadata.builder(
              d.name(), d.id(), d.instanceName(), d.usage(), d.source(), d.level());
    }

    @Override
    public Component.Builder component(String name) {
      checkActive();
      return builder.component(name);
    }

    @Override
    public void excludeFiles(Path root, String filespec, boolean recursive) {
      checkActive();
      builder.excludeFiles(root, filespec, recursive);
    }

    @Override
    public void restoreMethod(RestoreMethod method) {
      checkActive();
      builder.restoreMethod(method);
    }

    @Override
    public void backupSchema(Set<BackupType> supported) {
      checkActive();
      builder.backupSchema(supported.isEmpty() ? EnumSet.of(BackupType.FULL) : supported);
    }

    @Override
    public void componentDependency(String component, String onWriter, String onComponent) {
      checkActive();
      builder.componentDependency(component, onWriter, onComponent);
    }

    @Override
    public void alternateLocationMapping(
        Path root, String filespec, boolean recursive, Path destination) {
      checkActive();
      builder.alternateLocationMapping(root, filespec, recursive, destination);
    }

    WriterMetadata build() {
      return builder.build();
    }
  }

  static final class PrepareBackup extends Base
      implements PrepareBackupContext, BackupComponentCalls {
    PrepareBackup(Participant p, Instant deadline) {
      super(WriterEvent.PREPARE_BACKUP, p, deadline);
    }

    @Override
    public BackupType backupType() {
      checkActive();
      return session().effectiveBackupType(participant);
    }

    @Override
    public Set<String> selectedComponents() {
      return components();
    }
  }

  /**
   * The calls of {@link ComponentBackupContext}, for the two contexts that have them (PrepareBackup
   * and PostSnapshot, which extend different bases): each checked as {@link Base#requireCurrent}
   * checks a call, then done by {@link ComponentCalls}.
   */
  interface BackupComponentCalls extends ComponentBackupContext {
    /** See {@link Base#requireCurrent}. */
    Base requireCurrent(Class<?> api, String method);

    @Override
    default void setBackupMetadata(String component, String metadata) {
      ComponentCalls.setBackupMetadata(
          requireCurrent(ComponentBackupContext.class, "setBackupMetadata"), component, metadata);
    }

    @Override
    default void setBackupStamp(String component, String stamp) {
      ComponentCalls.setBackupStamp(
          requireCurrent(ComponentBackupContext.class, "setBackupStamp"), component, stamp);
    }

    @Override
    default Optional<String> previousBackupStamp(String component) {
      return ComponentCalls.previousBackupStamp(
          requireCurrent(ComponentBackupContext.class, "previousBackupStamp"), component);
    }

    @Override
    default void addDifferencedFilesByLastModifyTime(
        String component, Path root, String filespec, boolean recursive, Instant since) {
      ComponentCalls.addDifferencedFiles(
          requireCurrent(ComponentBackupContext.class, "addDifferencedFilesByLastModifyTime"),
          component,
          root,
          filespec,
          recursive,
          since);
    }
  }

  /** PrepareSnapshot, Freeze, Thaw and PostSnapshot: the snapshot set being made. */
  abstract static class InSnapshotSet extends Base implements SnapshotEventContext {
    InSnapshotSet(WriterEvent event, Participant p, Instant deadline) {
      super(event, p, deadline);
    }

    @Override
    public final SnapshotSetId currentSnapshotSetId() {
      checkActive();
      return session().requireSnapshotSetId();
    }

    @Override
    public final List<Path> volumes() {
      checkActive();
      return session().volumes();
    }
  }

  static final class PrepareSnapshot extends InSnapshotSet implements PrepareSnapshotContext {
    PrepareSnapshot(Participant p, Instant deadline) {
      super(WriterEvent.PREPARE_SNAPSHOT, p, deadline);
    }
  }

  static final class Freeze extends InSnapshotSet implements FreezeContext {
    Freeze(Participant p, Instant deadline) {
      super(WriterEvent.FREEZE, p, deadline);
    }
  }

  static final class Thaw extends InSnapshotSet implements ThawContext {
    Thaw(Participant p, Instant deadline) {
      super(WriterEvent.THAW, p, deadline);
    }
  }

  static final class PostSnapshot extends InSnapshotSet
      implements PostSnapshotContext, BackupComponentCalls {
    PostSnapshot(Participant p, Instant deadline) {
      super(WriterEvent.POST_SNAPSHOT, p, deadline);
    }

    @Override
    public Path snapshotPathOf(Path original) {
      checkActive();
      return session().snapshotPathOf(original);
    }
  }

  static final class Abort extends Base implements AbortContext {
    Abort(Participant p, Instant deadline) {
      super(WriterEvent.ABORT, p, deadline);
    }

    @Override
    public Optional<SnapshotSetId> snapshotSetId() {
      checkActive();
      return participant.capturedSnapshotSetId();
    }
  }

  static final class BackupComplete extends Base implements BackupCompleteContext {
    BackupComplete(Participant p, Instant deadline) {
      super(WriterEvent.BACKUP_COMPLETE, p, deadline);
    }

    @Override
    public Optional<SnapshotSetId> snapshotSetId() {
      checkActive();
      return participant.capturedSnapshotSetId();
    }

    @Override
    public Set<String> selectedComponents() {
      return components();
    }

    @Override
    public boolean backupSucceeded(String component) {
      checkActive();
      return session().backupSucceeded(new ComponentRef(participant.writer().name(), component));
    }
  }

  static final class BackupShutdown extends Base implements BackupShutdownContext {
    private final ShutdownCause cause;
    private final boolean completeDelivered;

    BackupShutdown(Participant p, Instant deadline) {
      super(WriterEvent.BACKUP_SHUTDOWN, p, deadline);
      this.cause = p.session().shutdownCause();
      this.completeDelivered = p.backupCompleteDelivered();
    }

    @Override
    public Optional<SnapshotSetId> snapshotSetId() {
      checkActive();
      return participant.capturedSnapshotSetId();
    }

    @Override
    public ShutdownCause cause() {
      checkActive();
      return cause;
    }

    @Override
    public boolean backupCompleteDelivered() {
      checkActive();
      return completeDelivered;
    }
  }

  /** PreRestore and PostRestore. */
  abstract static class Restore extends Base {
    Restore(WriterEvent event, Participant p, Instant deadline) {
      super(event, p, deadline);
    }

    public final RestoreType restoreType() {
      checkActive();
      return session().requireRestoreType();
    }

    public final Set<String> selectedComponents() {
      return components();
    }

    public final Optional<Path> alternateLocation() {
      checkActive();
      return session().alternateLocation();
    }

    public final Optional<String> backupMetadata(String component) {
      return ComponentCalls.backupMetadata(
          requireCurrent(ComponentRestoreContext.class, "backupMetadata"), component);
    }

    public final Optional<Path> restoreTarget(String component) {
      return ComponentCalls.restoreTarget(
          requireCurrent(ComponentRestoreContext.class, "restoreTarget"), component);
    }
  }

  static final class PreRestore extends Restore implements PreRestoreContext {
    PreRestore(Participant p, Instant deadline) {
      super(WriterEvent.PRE_RESTORE, p, deadline);
    }

    @Override
    public void setRestoreMetadata(String component, String metadata) {
      ComponentCalls.setRestoreMetadata(
          requireCurrent(PreRestoreContext.class, "setRestoreMetadata"), component, metadata);
    }
  }

  static final class PostRestore extends Restore implements PostRestoreContext {
    PostRestore(Participant p, Instant deadline) {
      super(WriterEvent.POST_RESTORE, p, deadline);
    }

    @Override
    public Optional<String> restoreMetadata(String component) {
      return ComponentCalls.restoreMetadata(
          requireCurrent(PostRestoreContext.class, "restoreMetadata"), component);
    }

    @Override
    public FileRestoreStatus fileRestoreStatus(String component) {
      return ComponentCalls.fileRestoreStatus(
          requireCurrent(PostRestoreContext.class, "fileRestoreStatus"), component);
    }
  }
}
