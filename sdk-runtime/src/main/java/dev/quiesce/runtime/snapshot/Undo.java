package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The steps that release what a volume provider made, run last-made first. Every step runs even if
 * an earlier one fails; the first failure is thrown with the others suppressed, so nothing is left
 * behind silently.
 */
final class Undo {
  /** One release step. */
  interface Step {
    void run() throws IOException;
  }

  private final Deque<Step> steps = new ArrayDeque<>();

  /** Adds a step, to run before the steps added earlier. */
  synchronized void push(Step step) {
    steps.push(step);
  }

  /** Runs and forgets every step, last pushed first. */
  synchronized void runAll() throws IOException {
    IOException failure = null;
    while (!steps.isEmpty()) {
      try {
        steps.pop().run();
      } catch (IOException | RuntimeException e) {
        IOException wrapped = e instanceof IOException io ? io : new IOException(e.toString(), e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Runs every step after {@code cause}, adding their failures to it as suppressed. */
  void runAllAfter(Throwable cause) {
    try {
      runAll();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
