package dev.quiesce.runtime.internal;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.ComponentDependency;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.ComponentRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks the dependencies writers declared at Identify (VSS's {@code AddComponentDependency})
 * against a selection: a component selected without the component of another writer it depends on
 * is refused before PrepareBackup, naming both, since a backup of one without the other could not
 * be restored to a consistent state.
 */
final class Dependencies {
  private Dependencies() {}

  /**
   * @throws IllegalArgumentException naming every selected component whose dependency is not
   *     selected, and that dependency
   */
  static void check(
      SessionId session,
      List<Participant> selected,
      Function<WriterRegistration, Optional<WriterMetadata>> metadataOf) {
    Set<ComponentRef> chosen = new HashSet<>();
    for (Participant p : selected) {
      p.selectedComponents().forEach(c -> chosen.add(new ComponentRef(p.writer().name(), c)));
    }
    List<String> missing = new ArrayList<>();
    for (Participant p : selected) {
      Optional<WriterMetadata> m = metadataOf.apply(p.writer());
      if (m.isEmpty()) {
        continue;
      }
      for (ComponentDependency d : m.get().dependencies()) {
        ComponentRef from = new ComponentRef(p.writer().name(), d.component());
        ComponentRef on = new ComponentRef(d.onWriter(), d.onComponent());
        if (chosen.contains(from) && !chosen.contains(on)) {
          missing.add(from + " depends on " + on + ", which is not selected");
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "session "
              + session
              + ": the selection is refused before PrepareBackup: "
              + String.join("; ", missing)
              + ". Select both (they must be backed up and restored together), or neither");
    }
  }
}
