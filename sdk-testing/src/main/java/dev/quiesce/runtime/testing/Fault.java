package dev.quiesce.runtime.testing;

import dev.quiesce.api.SessionId;
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
   * The handler hangs, past any deadline, until its session's hangs are released: {@link
   * WriterHarness} releases them once the requestor of the session is done (after close, or after
   * vanishing), and then waits for the session's BackupShutdown before it returns; a test driving a
   * {@link FaultInjector} itself calls {@link FaultInjector#releaseHangs(SessionId)} or {@link
   * FaultInjector#releaseHangs()}.
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
