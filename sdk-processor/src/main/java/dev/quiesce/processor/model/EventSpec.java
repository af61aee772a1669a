package dev.quiesce.processor.model;

import dev.quiesce.api.AbortContext;
import dev.quiesce.api.BackupCompleteContext;
import dev.quiesce.api.BackupShutdownContext;
import dev.quiesce.api.EventContext;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.OnAbort;
import dev.quiesce.api.OnBackupComplete;
import dev.quiesce.api.OnBackupShutdown;
import dev.quiesce.api.OnFreeze;
import dev.quiesce.api.OnIdentify;
import dev.quiesce.api.OnPostRestore;
import dev.quiesce.api.OnPostSnapshot;
import dev.quiesce.api.OnPreRestore;
import dev.quiesce.api.OnPrepareBackup;
import dev.quiesce.api.OnPrepareSnapshot;
import dev.quiesce.api.OnThaw;
import dev.quiesce.api.PostRestoreContext;
import dev.quiesce.api.PostSnapshotContext;
import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.PrepareBackupContext;
import dev.quiesce.api.PrepareSnapshotContext;
import dev.quiesce.api.ThawContext;
import dev.quiesce.api.WriterEvent;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the processor knows about each of the eleven events: its handler annotation, its context
 * type and which parameter sources it offers. The one table every other part of the processor
 * reads, so the annotation, the context and the parameter rules of an event cannot drift apart.
 */
public enum EventSpec {
  IDENTIFY(WriterEvent.IDENTIFY, OnIdentify.class, IdentifyContext.class, "Identify"),
  PREPARE_BACKUP(
      WriterEvent.PREPARE_BACKUP,
      OnPrepareBackup.class,
      PrepareBackupContext.class,
      "PrepareBackup"),
  PREPARE_SNAPSHOT(
      WriterEvent.PREPARE_SNAPSHOT,
      OnPrepareSnapshot.class,
      PrepareSnapshotContext.class,
      "PrepareSnapshot"),
  FREEZE(WriterEvent.FREEZE, OnFreeze.class, FreezeContext.class, "Freeze"),
  THAW(WriterEvent.THAW, OnThaw.class, ThawContext.class, "Thaw"),
  POST_SNAPSHOT(
      WriterEvent.POST_SNAPSHOT, OnPostSnapshot.class, PostSnapshotContext.class, "PostSnapshot"),
  ABORT(WriterEvent.ABORT, OnAbort.class, AbortContext.class, "Abort"),
  BACKUP_COMPLETE(
      WriterEvent.BACKUP_COMPLETE,
      OnBackupComplete.class,
      BackupCompleteContext.class,
      "BackupComplete"),
  BACKUP_SHUTDOWN(
      WriterEvent.BACKUP_SHUTDOWN,
      OnBackupShutdown.class,
      BackupShutdownContext.class,
      "BackupShutdown"),
  PRE_RESTORE(WriterEvent.PRE_RESTORE, OnPreRestore.class, PreRestoreContext.class, "PreRestore"),
  POST_RESTORE(
      WriterEvent.POST_RESTORE, OnPostRestore.class, PostRestoreContext.class, "PostRestore");

  private static final Map<String, EventSpec> BY_ANNOTATION = new HashMap<>();

  static {
    for (EventSpec spec : values()) {
      BY_ANNOTATION.put(spec.annotationName(), spec);
    }
  }

  private final WriterEvent event;
  private final Class<? extends Annotation> annotation;
  private final Class<? extends EventContext> context;
  private final String displayName;

  EventSpec(
      WriterEvent event,
      Class<? extends Annotation> annotation,
      Class<? extends EventContext> context,
      String displayName) {
    this.event = event;
    this.annotation = annotation;
    this.context = context;
    this.displayName = displayName;
  }

  /** The spec of {@code event}. */
  public static EventSpec of(WriterEvent event) {
    return values()[event.ordinal()];
  }

  /**
   * The event whose handler annotation has this qualified name, if any. One map look-up: it runs
   * for every annotation of every method of every writer and its supertypes.
   */
  public static Optional<EventSpec> forAnnotation(CharSequence qualifiedName) {
    return Optional.ofNullable(BY_ANNOTATION.get(qualifiedName.toString()));
  }

  /** The API's event constant. */
  public WriterEvent event() {
    return event;
  }

  /** The qualified name of the handler annotation, e.g. {@code dev.quiesce.api.OnFreeze}. */
  public String annotationName() {
    return annotation.getCanonicalName();
  }

  /** The simple name of the handler annotation, e.g. {@code OnFreeze}. */
  public String annotationSimpleName() {
    return annotation.getSimpleName();
  }

  /** The event's own context interface. */
  public Class<? extends EventContext> contextType() {
    return context;
  }

  /** The event's name as users read it in messages, e.g. {@code Freeze}. */
  public String displayName() {
    return displayName;
  }

  /** Whether a handler of this event may take a parameter resolved from {@code source}. */
  public boolean offers(ParameterSource source) {
    return source.availableIn(event);
  }

  /** The parameter types this event's handlers accept, for messages. */
  public String acceptedParameters() {
    List<String> accepted = new ArrayList<>();
    for (ParameterSource source : ParameterSource.values()) {
      if (offers(source)) {
        accepted.add(source.describe(this));
      }
    }
    return String.join(", ", accepted);
  }
}
