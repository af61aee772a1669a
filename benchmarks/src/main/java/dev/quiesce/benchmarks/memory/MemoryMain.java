package dev.quiesce.benchmarks.memory;

import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.benchmarks.support.NoopWriter;
import dev.quiesce.benchmarks.support.NoopWriter_Dispatcher;
import dev.quiesce.benchmarks.support.Results;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.testing.PassThroughSnapshotProvider;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Whether sessions leave anything behind: the heap still in use after {@code sessions} full backups
 * (10 no-op writers each) against the heap after a warm-up, both after full collections. A leak of
 * a few hundred bytes per session shows as megabytes here; a coordinator that forgets ended
 * sessions shows about zero bytes per session. A command-line main, not JMH: it is one measurement
 * of the state a long-running JVM would reach.
 *
 * <p>Usage: {@code MemoryMain [results.properties] [sessions] [writers]}.
 */
public final class MemoryMain {
  private static final int WARMUP = 500;

  private MemoryMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path out = args.length > 0 ? Path.of(args[0]) : null;
    int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int writers = args.length > 2 ? Integer.parseInt(args[2]) : 10;

    Coordinator coordinator = Backups.coordinator(new PassThroughSnapshotProvider());
    Backups.subscribe(coordinator, new NoopWriter_Dispatcher(), NoopWriter::new, "noop", writers);
    for (int i = 0; i < WARMUP; i++) {
      Backups.fullBackup(coordinator);
    }
    long baseline = HeapMeter.usedAfterGc();
    long start = System.nanoTime();
    for (int i = 0; i < sessions; i++) {
      Backups.fullBackup(coordinator);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long after = HeapMeter.usedAfterGc();
    if (!coordinator.activeSessions().isEmpty()) {
      throw new IllegalStateException("sessions still open: " + coordinator.activeSessions());
    }

    Properties p = new Properties();
    p.setProperty("memory.sessions", String.valueOf(sessions));
    p.setProperty("memory.writers", String.valueOf(writers));
    p.setProperty("memory.baseline.bytes", String.valueOf(baseline));
    p.setProperty("memory.after.bytes", String.valueOf(after));
    p.setProperty(
        "memory.retained.per.session.bytes",
        String.format(Locale.ROOT, "%.1f", (after - baseline) / (double) sessions));
    p.setProperty(
        "memory.sessions.per.second", String.format(Locale.ROOT, "%.0f", sessions / seconds));
    p.stringPropertyNames().stream().sorted().forEach(k -> System.out.println(k + "=" + p.get(k)));
    if (out != null) {
      Results.append(out, p);
    }
  }
}
