package dev.quiesce.runtime.internal;

import dev.quiesce.api.metadata.WriterMetadata;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whose data the files a provider found gone while copying were ({@link
 * dev.quiesce.api.spi.Snapshot#vanished()}): the provider cannot know, the session can. A file of a
 * frozen writer's selected component (not excluded) means that writer did not hold its files still;
 * {@link SnapshotSetRun} decides what that costs under the policy.
 */
final class VanishedFiles {
  private VanishedFiles() {}

  /** The vanished files of each active (frozen) participant that declared them; others left out. */
  static Map<Participant, List<Path>> heldByFrozen(BackupSessionCore session, List<Path> vanished) {
    Map<Participant, List<Path>> held = new LinkedHashMap<>();
    synchronized (session) {
      for (Participant p : session.activeLocked()) {
        session
            .metadataOf(p.writer())
            .ifPresent(
                m -> {
                  List<Path> own =
                      vanished.stream()
                          .filter(f -> declares(m, p.selectedComponents(), f))
                          .toList();
                  if (!own.isEmpty()) {
                    held.put(p, own);
                  }
                });
      }
    }
    return held;
  }

  /**
   * Whether {@code path} is data the writer declared for this backup: in a selected component's
   * file sets (or a directory holding one of their roots) and not excluded.
   */
  private static boolean declares(WriterMetadata m, Set<String> selected, Path path) {
    if (m.isExcluded(path)) {
      return false;
    }
    return m.components().stream()
        .filter(c -> selected.contains(c.name()))
        .flatMap(c -> c.fileSets().stream())
        .anyMatch(set -> set.matches(path) || set.root().startsWith(path));
  }
}
