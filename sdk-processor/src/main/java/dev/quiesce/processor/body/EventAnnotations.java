package dev.quiesce.processor.body;

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
import dev.quiesce.api.WriterEvent;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/** Which events a method handles, read from its {@code @On...} annotations. */
final class EventAnnotations {
  private static final Map<String, WriterEvent> EVENTS =
      Map.ofEntries(
          Map.entry(OnIdentify.class.getCanonicalName(), WriterEvent.IDENTIFY),
          Map.entry(OnPrepareBackup.class.getCanonicalName(), WriterEvent.PREPARE_BACKUP),
          Map.entry(OnPrepareSnapshot.class.getCanonicalName(), WriterEvent.PREPARE_SNAPSHOT),
          Map.entry(OnFreeze.class.getCanonicalName(), WriterEvent.FREEZE),
          Map.entry(OnThaw.class.getCanonicalName(), WriterEvent.THAW),
          Map.entry(OnPostSnapshot.class.getCanonicalName(), WriterEvent.POST_SNAPSHOT),
          Map.entry(OnAbort.class.getCanonicalName(), WriterEvent.ABORT),
          Map.entry(OnBackupComplete.class.getCanonicalName(), WriterEvent.BACKUP_COMPLETE),
          Map.entry(OnBackupShutdown.class.getCanonicalName(), WriterEvent.BACKUP_SHUTDOWN),
          Map.entry(OnPreRestore.class.getCanonicalName(), WriterEvent.PRE_RESTORE),
          Map.entry(OnPostRestore.class.getCanonicalName(), WriterEvent.POST_RESTORE));

  private EventAnnotations() {}

  /** The events {@code method} is a handler of; empty for a method that handles none. */
  static Set<WriterEvent> handledBy(Element method) {
    Set<WriterEvent> events = EnumSet.noneOf(WriterEvent.class);
    for (AnnotationMirror annotation : method.getAnnotationMirrors()) {
      Element type = annotation.getAnnotationType().asElement();
      if (type instanceof TypeElement typeElement) {
        WriterEvent event = EVENTS.get(typeElement.getQualifiedName().toString());
        if (event != null) {
          events.add(event);
        }
      }
    }
    return events;
  }

  /**
   * The event as users know it from the annotations: {@code PREPARE_SNAPSHOT -> PrepareSnapshot}.
   */
  static String display(WriterEvent event) {
    StringBuilder name = new StringBuilder();
    for (String word : event.name().split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }
}
