package dev.quiesce.runtime.archive;

/**
 * Told how an archive is being written or restored, so a backup application can show progress.
 * Called on the thread doing the work: keep it quick.
 *
 * @see TerminalProgress the command-line rendering
 */
public interface ProgressListener {
  /**
   * Called once before the first byte (with nothing done), after each file and while copying large
   * files; the last call has everything done.
   */
  void progressed(Progress progress);

  /** Called once when the operation has ended, successfully or not. Does nothing by default. */
  default void finished(Progress last, boolean succeeded) {}

  /** A listener that ignores everything. */
  static ProgressListener none() {
    return progress -> {};
  }
}
