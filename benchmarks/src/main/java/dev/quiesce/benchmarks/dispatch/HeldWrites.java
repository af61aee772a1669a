package dev.quiesce.benchmarks.dispatch;

import dev.quiesce.api.SessionState;

/** Per-session state of {@link DispatchWriter}, as a real writer keeps its held lock. */
@SessionState
public final class HeldWrites {
  long holds;
  Object lastSession;
}
