package dev.quiesce.benchmarks.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Used heap after repeated full collections: what is still reachable, as near as a JVM tells. */
final class HeapMeter {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private HeapMeter() {}

  /** Collects until the used heap stops shrinking (at most 10 times), then returns it. */
  static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      System.runFinalization();
      Thread.sleep(50);
      long now = MEMORY.getHeapMemoryUsage().getUsed();
      if (now >= used && i >= 3) {
        return Math.min(used, now);
      }
      used = Math.min(used, now);
    }
    return used;
  }
}
