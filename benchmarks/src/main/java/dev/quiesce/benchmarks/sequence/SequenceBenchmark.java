package dev.quiesce.benchmarks.sequence;

import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.benchmarks.support.NoopWriter;
import dev.quiesce.benchmarks.support.NoopWriter_Dispatcher;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.testing.PassThroughSnapshotProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the coordinator itself costs per writer and event: one full in-process backup (Identify,
 * PrepareBackup, PrepareSnapshot, Freeze, provider, Thaw, PostSnapshot, BackupComplete,
 * BackupShutdown) with 1 to 1,000 writers whose handlers do nothing, over the pass-through provider
 * that copies nothing. Divided by {@code writers * 8} it is the cost of one writer-event; its
 * growth from 1 to 1,000 writers shows whether the coordinator scales linearly.
 *
 * <p>The writers are one compiled no-op writer class subscribed N times under distinct names (see
 * {@link dev.quiesce.benchmarks.support.Renamed}): the generated dispatch code runs for every
 * writer, and the coordinator sees N distinct writers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class SequenceBenchmark {
  @Param({"1", "10", "100", "1000"})
  public int writers;

  private Coordinator coordinator;

  @Setup
  public void subscribe() {
    coordinator = Backups.coordinator(new PassThroughSnapshotProvider());
    Backups.subscribe(coordinator, new NoopWriter_Dispatcher(), NoopWriter::new, "noop", writers);
  }

  /** One full backup; returns the frozen time so that nothing is dead code. */
  @Benchmark
  public long fullBackup() {
    return Backups.fullBackup(coordinator);
  }
}
