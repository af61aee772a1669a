package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.util.List;

/**
 * A backup archive that must not be trusted: a manifest that cannot be read, an entry that would
 * escape its target, a file whose checksum or size is wrong, a file missing or one too many. It
 * lists every problem found, each naming the file, so one run tells the whole story. When a restore
 * throws it, nothing was written.
 */
public final class InvalidArchiveException extends IOException {
  private static final long serialVersionUID = 1L;
  private static final int LISTED = 20;

  /** The problems, one line each. */
  private final List<String> problems;

  /**
   * An exception for {@code problems}.
   *
   * @param what what is invalid ("archive /backups/1", "manifest.json")
   * @param problems each problem, naming the file
   */
  public InvalidArchiveException(String what, List<String> problems) {
    super(message(what, problems));
    this.problems = List.copyOf(problems);
  }

  /** An exception for one problem, keeping its cause. */
  InvalidArchiveException(String what, String problem, Throwable cause) {
    this(what, List.of(problem));
    initCause(cause);
  }

  /** Every problem found, one line each. */
  public List<String> problems() {
    return problems;
  }

  private static String message(String what, List<String> problems) {
    StringBuilder message = new StringBuilder(what).append(" is not valid");
    if (problems.size() == 1) {
      return message.append(": ").append(problems.get(0)).toString();
    }
    message.append(" (").append(problems.size()).append(" problems):");
    problems.stream().limit(LISTED).forEach(p -> message.append("\n  - ").append(p));
    if (problems.size() > LISTED) {
      message.append("\n  ... and ").append(problems.size() - LISTED).append(" more");
    }
    return message.toString();
  }
}
