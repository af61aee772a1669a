package dev.quiesce.examples.shop;

import dev.quiesce.api.SessionState;

/**
 * Whether this backup session froze the database: Derby's freeze never ends by itself and is not
 * reentrant, so the writer unfreezes exactly as often as its session froze (as the bank's does).
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

  synchronized boolean isFrozen() {
    return frozen;
  }
}
