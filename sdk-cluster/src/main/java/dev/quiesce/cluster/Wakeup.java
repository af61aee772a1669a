package dev.quiesce.cluster;

import java.time.Duration;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/**
 * Wakes a waiting loop when a watched znode changes. A loop reads {@link #generation()}, checks the
 * znodes it waits on (setting this watcher on each), and if nothing is ready waits for a newer
 * generation, bounded: a watch missed across a reconnect costs one bound, never a hang.
 */
final class Wakeup implements Watcher {
  private long generation;

  @Override
  public synchronized void process(WatchedEvent event) {
    poke();
  }

  synchronized void poke() {
    generation++;
    notifyAll();
  }

  synchronized long generation() {
    return generation;
  }

  /** Waits until the generation moves past {@code seen}, or {@code max} passes. */
  synchronized void awaitChange(long seen, Duration max) throws InterruptedException {
    long end = System.nanoTime() + Math.max(0, max.toNanos());
    while (generation == seen) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
