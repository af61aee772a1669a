package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A restore that failed while putting its files in place: the rare failure after every file was
 * written whole beside its target (a rename refused by the file system). It says exactly which
 * targets now hold the archive's files and which still hold what they held, so nothing is left
 * mixed silently; restoring again finishes the job.
 */
public final class PartialRestoreException extends IOException {
  private static final long serialVersionUID = 1L;
  private static final int LISTED = 20;

  /** The targets replaced with the archive's files. */
  private final List<Path> restored;

  /** The targets left as they were. */
  private final List<Path> notRestored;

  PartialRestoreException(
      String what, List<Path> restored, List<Path> notRestored, Throwable cause) {
    super(message(what, restored, notRestored, cause), cause);
    this.restored = List.copyOf(restored);
    this.notRestored = List.copyOf(notRestored);
  }

  /** The targets that hold the archive's files. */
  public List<Path> restored() {
    return restored;
  }

  /** The targets left as they were before the restore. */
  public List<Path> notRestored() {
    return notRestored;
  }

  private static String message(
      String what, List<Path> restored, List<Path> notRestored, Throwable cause) {
    return what
        + " stopped after putting "
        + restored.size()
        + " of "
        + (restored.size() + notRestored.size())
        + " files in place: "
        + cause.getMessage()
        + "; restored: "
        + list(restored)
        + "; left as they were: "
        + list(notRestored)
        + ". Fix the cause and restore again.";
  }

  private static String list(List<Path> paths) {
    if (paths.size() <= LISTED) {
      return paths.toString();
    }
    return paths.subList(0, LISTED) + " and " + (paths.size() - LISTED) + " more";
  }
}
