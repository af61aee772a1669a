package dev.quiesce.api;

/**
 * The kinds of writer failure, mirroring VSS's {@code VSS_E_WRITERERROR_*} codes, so a requestor
 * can decide whether to retry.
 */
public enum WriterFailure {
  /** Transient: the whole backup may succeed if retried later (VSS advises 10 minutes, 3 times). */
  RETRYABLE(true),
  /** Would fail again: a backup of this writer's data is ruled out until something is fixed. */
  NON_RETRYABLE(false),
  /** An event or the freeze window ran out of time. Retryable under less load. */
  TIMEOUT(true),
  /** The snapshot set lacks paths a component needs: fix the selection, then retry. */
  INCONSISTENT_SNAPSHOT(false),
  /** Out of memory, disk or handles. Retryable once resources are freed. */
  OUT_OF_RESOURCES(true),
  /** Some components failed and others did not; the message says which. */
  PARTIAL_FAILURE(false);

  private final boolean retryable;

  WriterFailure(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether a new backup, started later, may succeed without any change. */
  public boolean isRetryable() {
    return retryable;
  }
}
