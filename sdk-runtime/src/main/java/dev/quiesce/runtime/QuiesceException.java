package dev.quiesce.runtime;

import dev.quiesce.api.SessionId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A session step failed: a writer vetoed or timed out, the snapshot provider failed, the freeze
 * window expired, or the session was aborted or lost meanwhile. Carries the failed writers'
 * statuses so a requestor can decide whether to retry ({@link
 * dev.quiesce.api.WriterFailure#isRetryable()}).
 *
 * <p>Unchecked, like {@link java.io.UncheckedIOException}: a requestor handles it where it handles
 * backup failure as a whole. The failure is also in the logs and in {@link Coordinator#writers()}:
 * nothing fails silently.
 */
public final class QuiesceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient SessionId session;
  private final transient List<WriterStatus> failedWriters;
  private final String reason;

  /**
   * @param session the session
   * @param message what failed
   * @param failedWriters the writers that failed, with why
   * @param cause the underlying exception, or {@code null}
   */
  public QuiesceException(
      SessionId session, String message, List<WriterStatus> failedWriters, Throwable cause) {
    super(format(session, message, failedWriters), cause);
    this.session = session;
    this.failedWriters = List.copyOf(failedWriters);
    this.reason = message;
  }

  private static String format(SessionId session, String message, List<WriterStatus> failed) {
    String writers =
        failed.isEmpty()
            ? ""
            : failed.stream()
                .map(WriterStatus::toString)
                .collect(Collectors.joining("; ", " [", "]"));
    return "[session " + session + "] " + message + writers;
  }

  /** The session that failed. */
  public SessionId session() {
    return session;
  }

  /**
   * What failed, without the session id and the writers that {@link #getMessage()} adds: what a
   * caller passes on when it rebuilds the exception elsewhere (the daemon's requestor client does).
   */
  public String reason() {
    return reason;
  }

  /** The writers that failed, with their failure kinds and messages; may be empty. */
  public List<WriterStatus> failedWriters() {
    return failedWriters;
  }
}
