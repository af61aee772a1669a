package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.crash.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One way to die inside a snapshot set's global freeze, for {@link SetKillMain}: which process is
 * the child killed, and what runs in this JVM (the writers whose thaw is timed).
 */
interface KillScenario extends AutoCloseable {
  /** The key prefix of its figures. */
  String name();

  /** The writers in this JVM, each of which must be thawed after the kill. */
  int writers();

  /** The dead process's ZooKeeper session timeout, or zero when none is involved. */
  Duration sessionTimeout();

  /** Starts this round's child, {@code n} counting from zero. */
  ChildJvm start(Path dir, int n);

  /** The child is ready: starts the set (in the child, or here in the background). */
  void begin(ChildJvm child) throws Exception;

  /** The writers are thawed and the held takes released: waits until nothing of the round runs. */
  void settle(ChildJvm child) throws Exception;
}
