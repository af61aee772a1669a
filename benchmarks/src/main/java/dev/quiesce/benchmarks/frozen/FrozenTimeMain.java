package dev.quiesce.benchmarks.frozen;

import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.benchmarks.support.Results;
import dev.quiesce.benchmarks.support.Stats;
import dev.quiesce.runtime.Coordinator;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * How long writers stay frozen beyond the provider's own snapshot time: the price of the
 * coordinator's freeze window itself. Runs backups with {@code writers} writers (all of one level)
 * over a provider that takes 5 ms and times itself; per backup, overhead = (the last Thaw's return
 * - the first Freeze's entry, as the writers saw them) - the provider's own time. Also reports the
 * coordinator's {@code SnapshotSet.frozenFor()} minus the provider's time. A custom measurement,
 * not JMH: each backup yields one sample, and the distribution is the result. The overhead is also
 * split into its two sides: first Freeze entry to the provider's start, and the provider's return
 * to the last Thaw's return.
 *
 * <p>Then, in the same run and for as many iterations, the floor: {@link BareHandoff}, the same
 * fan-out of {@code writers} tasks and provider handoff on bare thread pools, no coordinator. The
 * overhead is only meaningful against it: on a small VM, waking parked threads alone costs
 * milliseconds at the tail.
 *
 * <p>Both are measured after {@code warmup} iterations, 3000 by default: with a few hundred, the
 * JIT was still compiling the coordinator's paths while it was measured, and on 2 CPUs a compiler
 * thread holding one of them delays every thread woken meanwhile by a scheduler slice
 * (milliseconds). That, not the coordinator, was most of the p99. The JIT's compiling time while
 * measuring is reported ({@code frozen.jit.ms}), so a figure taken while it was busy can be told.
 *
 * <p>Usage: {@code FrozenTimeMain [results.properties] [backups] [writers] [warmup]}.
 */
public final class FrozenTimeMain {
  private static final long TAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final int WARMUP = 3000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  private FrozenTimeMain() {}

  public static void main(String[] args) {
    Path out = args.length > 0 ? Path.of(args[0]) : null;
    int backups = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int writers = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : WARMUP;

    TimedProvider provider = new TimedProvider(TAKE_NANOS);
    FreezeStamps stamps = new FreezeStamps();
    Coordinator coordinator = Backups.coordinator(provider);
    Backups.subscribe(
        coordinator, new StampWriter_Dispatcher(), () -> new StampWriter(stamps), "stamp", writers);

    double[] seen = new double[backups];
    double[] reported = new double[backups];
    double[] beforeTake = new double[backups];
    double[] afterTake = new double[backups];
    long threadsBefore = 0;
    long jitBefore = 0;
    for (int i = -warmup; i < backups; i++) {
      if (i == 0) {
        threadsBefore = THREADS.getTotalStartedThreadCount();
        jitBefore = jitMillis();
      }
      stamps.reset();
      long frozenFor = Backups.fullBackup(coordinator);
      if (i >= 0) {
        long take = provider.lastEnd() - provider.lastStart();
        seen[i] = (stamps.frozenNanos() - take) / 1e6;
        reported[i] = (frozenFor - take) / 1e6;
        beforeTake[i] = (provider.lastStart() - stamps.firstFreeze()) / 1e6;
        afterTake[i] = (stamps.lastThaw() - provider.lastEnd()) / 1e6;
      }
    }
    long threadsStarted = THREADS.getTotalStartedThreadCount() - threadsBefore;
    long jit = jitMillis() - jitBefore;
    long[] floorJit = new long[1];
    Stats floor = new Stats(floor(backups, writers, warmup, floorJit));
    Stats s = new Stats(seen);
    Stats r = new Stats(reported);
    Properties p = new Properties();
    p.setProperty("frozen.writers", String.valueOf(writers));
    p.setProperty("frozen.backups", String.valueOf(backups));
    p.setProperty("frozen.threads.started", String.valueOf(threadsStarted));
    p.setProperty("frozen.warmup", String.valueOf(warmup));
    p.setProperty("frozen.jit.ms", String.valueOf(jit));
    p.setProperty("frozen.floor.jit.ms", String.valueOf(floorJit[0]));
    p.setProperty("frozen.overhead.p50.ms", fmt(s.median()));
    p.setProperty("frozen.overhead.p90.ms", fmt(s.percentile(90)));
    p.setProperty("frozen.overhead.p99.ms", fmt(s.percentile(99)));
    p.setProperty("frozen.overhead.min.ms", fmt(s.min()));
    p.setProperty("frozen.overhead.max.ms", fmt(s.max()));
    p.setProperty("frozen.reported.p50.ms", fmt(r.median()));
    p.setProperty("frozen.reported.p99.ms", fmt(r.percentile(99)));
    Stats before = new Stats(beforeTake);
    Stats after = new Stats(afterTake);
    p.setProperty("frozen.before.take.p50.ms", fmt(before.median()));
    p.setProperty("frozen.before.take.p99.ms", fmt(before.percentile(99)));
    p.setProperty("frozen.after.take.p50.ms", fmt(after.median()));
    p.setProperty("frozen.after.take.p99.ms", fmt(after.percentile(99)));
    p.setProperty("frozen.floor.p50.ms", fmt(floor.median()));
    p.setProperty("frozen.floor.p99.ms", fmt(floor.percentile(99)));
    p.stringPropertyNames().stream().sorted().forEach(k -> System.out.println(k + "=" + p.get(k)));
    if (out != null) {
      Results.append(out, p);
    }
  }

  /**
   * The bare handoffs' milliseconds, {@code iterations} samples after the same warmup; puts the
   * JIT's compiling time while measuring in {@code jit[0]}.
   */
  private static double[] floor(int iterations, int tasks, int warmup, long[] jit) {
    double[] samples = new double[iterations];
    try (BareHandoff bare = new BareHandoff(tasks, TAKE_NANOS)) {
      for (int i = -warmup; i < iterations; i++) {
        if (i == 0) {
          jit[0] = jitMillis();
        }
        long nanos = bare.once();
        if (i >= 0) {
          samples[i] = nanos / 1e6;
        }
      }
    }
    jit[0] = jitMillis() - jit[0];
    return samples;
  }

  /** The JIT's total compiling time so far, or 0 if the VM does not tell. */
  private static long jitMillis() {
    return JIT != null && JIT.isCompilationTimeMonitoringSupported()
        ? JIT.getTotalCompilationTime()
        : 0;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
