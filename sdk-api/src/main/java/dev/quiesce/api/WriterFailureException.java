package dev.quiesce.api;

import java.util.Objects;

/**
 * Thrown by a handler to fail its event with a specific {@link WriterFailure} kind.
 *
 * <p>VSS handlers return {@code false} after {@code SetWriterFailure}; in Quiesce a handler throws.
 * Any other exception counts as {@link WriterFailure#NON_RETRYABLE} with its message kept. A throw
 * in PrepareSnapshot, Freeze or Thaw vetoes the snapshot set; to record a failure without vetoing,
 * call {@link EventContext#reportFailure(WriterFailure, String)} and return normally.
 */
public class WriterFailureException extends Exception {
  private static final long serialVersionUID = 1L;

  private final WriterFailure failure;

  /**
   * @param failure the kind of failure, which tells the requestor whether to retry
   * @param message what went wrong, shown in the writer's status
   */
  public WriterFailureException(WriterFailure failure, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /**
   * @param failure the kind of failure, which tells the requestor whether to retry
   * @param message what went wrong, shown in the writer's status
   * @param cause the underlying exception
   */
  public WriterFailureException(WriterFailure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The kind of failure. */
  public WriterFailure failure() {
    return failure;
  }
}
