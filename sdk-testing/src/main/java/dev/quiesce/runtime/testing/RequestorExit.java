package dev.quiesce.runtime.testing;

/** How a requestor driven by {@link WriterHarness} vanishes. */
public enum RequestorExit {
  /**
   * The coordinator is told the requestor is gone ({@code Coordinator.requestorLost}), as the
   * daemon does when a connection drops.
   */
  LOST,
  /** The requestor drops its session handle unclosed; the harness collects it (bounded GC poll). */
  DROPPED
}
