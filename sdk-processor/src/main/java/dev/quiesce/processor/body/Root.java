package dev.quiesce.processor.body;

/**
 * How a unit of code can start running other than by being called from other code of the writer.
 */
enum Root {
  /** Only when called from other code of the writer (a private method). */
  NONE,
  /** As the handler of its events (or a method that declares its own events). */
  EVENT,
  /** At any time, outside every event: a non-private method, a constructor, an initializer. */
  OUTSIDE,
  /** Later, after the code that created it returned: a lambda, an inner class. */
  DEFERRED
}
