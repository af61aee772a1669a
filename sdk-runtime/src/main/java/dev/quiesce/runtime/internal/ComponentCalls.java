package dev.quiesce.runtime.internal;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.metadata.DifferencedFiles;
import dev.quiesce.api.metadata.FileSet;
import dev.quiesce.runtime.ComponentRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Backup Components Document calls of one event, shared by the event contexts and {@code
 * WriterContext}: each checks the component is one of the writer's selected ones, then reads or
 * writes the session's {@link ComponentDocument}. The caller has already checked the event and the
 * thread.
 */
final class ComponentCalls {
  private ComponentCalls() {}

  /**
   * The selected component {@code component} of the writer handling {@code event}.
   *
   * @throws IllegalArgumentException naming the selected components if it is not one of them
   */
  static ComponentRef selected(EventContexts.Base event, String component) {
    Participant p = event.participant;
    Set<String> selected = p.selectedComponents();
    if (component == null || !selected.contains(component)) {
      throw new IllegalArgumentException(
          "component '"
              + component
              + "' of writer '"
              + p.writer().name()
              + "' is not selected in session "
              + p.session().id()
              + "; the selected ones are "
              + new TreeSet<>(selected)
              + ": the Backup Components Document holds only selected components");
    }
    return new ComponentRef(p.writer().name(), component);
  }

  private static ComponentDocument document(EventContexts.Base event) {
    return event.session().document();
  }

  static void setBackupMetadata(EventContexts.Base event, String component, String metadata) {
    document(event).setBackupMetadata(selected(event, component), metadata);
  }

  static void setBackupStamp(EventContexts.Base event, String component, String stamp) {
    document(event).setBackupStamp(selected(event, component), stamp);
  }

  /** Present only when this writer's backup is incremental or differential, not done as full. */
  static Optional<String> previousBackupStamp(EventContexts.Base event, String component) {
    ComponentRef ref = selected(event, component);
    BackupType type = event.session().effectiveBackupType(event.participant);
    if (type != BackupType.INCREMENTAL && type != BackupType.DIFFERENTIAL) {
      return Optional.empty();
    }
    return document(event).previousStamp(ref);
  }

  static void addDifferencedFiles(
      EventContexts.Base event,
      String component,
      Path root,
      String filespec,
      boolean recursive,
      Instant since) {
    document(event)
        .addDifferencedFiles(
            selected(event, component),
            new DifferencedFiles(new FileSet(root, filespec, recursive), since));
  }

  static Optional<String> backupMetadata(EventContexts.Base event, String component) {
    return document(event).backupMetadata(selected(event, component));
  }

  static Optional<Path> restoreTarget(EventContexts.Base event, String component) {
    Optional<Path> chosen = document(event).restoreTarget(selected(event, component));
    return chosen.isPresent() ? chosen : event.session().alternateLocation();
  }

  static void setRestoreMetadata(EventContexts.Base event, String component, String metadata) {
    document(event).setRestoreMetadata(selected(event, component), metadata);
  }

  static Optional<String> restoreMetadata(EventContexts.Base event, String component) {
    return document(event).restoreMetadata(selected(event, component));
  }

  static FileRestoreStatus fileRestoreStatus(EventContexts.Base event, String component) {
    return document(event).fileRestoreStatus(selected(event, component));
  }
}
