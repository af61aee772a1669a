package dev.quiesce.benchmarks.fanout;

import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.testing.PassThroughSnapshotProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whether the coordinator freezes writers in parallel: {@code writers} writers of one level whose
 * Freeze takes 100 ms each. The snapshot set (PrepareSnapshot, Freeze, provider, Thaw,
 * PostSnapshot; every handler but Freeze is empty) should take about as long as the slowest Freeze,
 * 100 ms, not the sum, 5 s; the ratio to 100 ms is the fan-out's overhead. Identify and
 * PrepareBackup run before the measurement, BackupComplete and BackupShutdown after it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(1)
public class FanOutBenchmark {
  @Param("50")
  public int writers;

  private Coordinator coordinator;
  private BackupSession session;

  @Setup(Level.Trial)
  public void subscribe() {
    coordinator = Backups.coordinator(new PassThroughSnapshotProvider());
    Backups.subscribe(
        coordinator, new SlowFreezeWriter_Dispatcher(), SlowFreezeWriter::new, "slow", writers);
  }

  @Setup(Level.Invocation)
  public void open() {
    session = Backups.prepared(coordinator);
  }

  @TearDown(Level.Invocation)
  public void close() {
    Backups.complete(session);
  }

  /** The snapshot set, its 50 parallel Freezes included. */
  @Benchmark
  public Object snapshotSet() {
    try (SnapshotSet set = session.doSnapshotSet(Backups.PATHS)) {
      if (!set.quiesced()) {
        throw new IllegalStateException("slow writers failed to quiesce: " + set.quiesceFailures());
      }
      return set.id();
    }
  }
}
