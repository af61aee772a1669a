package dev.quiesce.runtime.testing;

import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterFailureException;
import java.util.Objects;

/**
 * A fault to inject at one event, like the VSS Test Writer's {@code FailEvent}: the handler throws,
 * hangs until released, or the requestor vanishes while the event runs. A fault fires once, at the
 * first delivery of its event, and then the writer behaves normally again.
 */
public final class Fault {
  enum Kind {
    THROW,
    HANG,
    LOSE_REQUESTOR
  }

  private final Kind kind;
  private final Exception exception;

  private Fault(Kind kind, Exception exception) {
    this.kind = kind;
    this.exception = exception;
  }

  /** The handler throws {@link WriterFailureException} with this kind and message (a veto). */
  public static Fault fail(WriterFailure failure, String message) {
    return new Fault(Kind.THROW, new WriterFailureException(failure, message));
  }

  /** The handler throws {@code exception} (any other exception counts as NON_RETRYABLE). */
  public static Fault throwing(Exception exception) {
    return new Fault(Kind.THROW, Objects.requireNonNull(exception, "exception"));
  }

  /**
   * The handler hangs, past any deadline, until {@link FaultInjector#releaseHangs()} (the harness
   * releases hangs when it is closed).
   */
  public static Fault hang() {
    return new Fault(Kind.HANG, null);
  }

  /**
   * The requestor vanishes while this event runs (the coordinator is told its requestor is lost),
   * then the handler returns normally.
   */
  public static Fault loseRequestor() {
    return new Fault(Kind.LOSE_REQUESTOR, null);
  }

  Kind kind() {
    return kind;
  }

  Exception exception() {
    return exception;
  }

  @Override
  public String toString() {
    return kind == Kind.THROW ? "throw " + exception : kind.toString().toLowerCase();
  }
}
