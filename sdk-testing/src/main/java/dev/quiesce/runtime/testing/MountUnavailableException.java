package dev.quiesce.runtime.testing;

/**
 * This machine cannot mount a {@link LoopFilesystem}: not root, a tool missing, no free loop
 * device, or a kernel without the filesystem. It is no failure of the code under test, so a test
 * skips with {@link #getMessage() the reason} and a benchmark runs without that filesystem, saying
 * why.
 */
public final class MountUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The reason, saying what is missing. */
  public MountUnavailableException(String reason) {
    super(reason);
  }
}
