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

  /**
   * Called when a backup or restore reaches a step ({@code "Identify: 2 writers"}, {@code "snapshot
   * set ...: writers frozen 12 ms"}), before and between the file copies: for a log or a pipe,
   * where a line per step says how far it got. Does nothing by default.
   */
  default void step(String description) {}

  /** A listener that ignores everything. */
  static ProgressListener none() {
    return progress -> {};
  }
}
