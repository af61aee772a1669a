package dev.quiesce.examples.bank;

import dev.quiesce.api.SessionState;

/**
 * Whether this backup session froze the database. Derby's freeze is not reentrant and never ends by
 * itself (a second freeze queues behind the first and takes effect right after the first unfreeze),
 * so the writer unfreezes exactly when, and exactly as often as, this session froze.
 */
@SessionState
final class FreezeHold {
  private boolean frozen;

  synchronized void froze() {
    frozen = true;
  }

  synchronized void unfroze() {
    frozen = false;
  }

  /** Whether this session froze the database and has not unfrozen it yet. */
  synchronized boolean isFrozen() {
    return frozen;
  }
}
