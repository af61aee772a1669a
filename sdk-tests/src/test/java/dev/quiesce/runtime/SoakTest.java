package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.fixtures.ScriptDispatcher;
import dev.quiesce.runtime.fixtures.ScriptWriter;
import dev.quiesce.runtime.testing.GcPoll;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * 10,000 sessions leave nothing behind: the coordinator holds no session, per-session objects are
 * collected, and the heap after GC is back near where it started.
 */
class SoakTest {
  private static final int SESSIONS = 10_000;
  private static final int THREADS = 4;
  private static final long TOLERANCE_BYTES = 24L * 1024 * 1024;

  /** Per-session state, to check the runtime drops it. */
  static final class PerSession {
    final byte[] weight = new byte[256];
  }

  @Test
  void tenThousandSessionsLeaveNothingBehind() throws Exception {
    List<WeakReference<Object>> samples = new ArrayList<>();
    AtomicReference<WeakReference<Object>> lastState = new AtomicReference<>();
    try (Rig rig = Rig.builder().build()) {
      for (ApplicationLevel level :
          List.of(ApplicationLevel.FRONT_END, ApplicationLevel.BACK_END)) {
        ScriptWriter w = new ScriptWriter();
        w.on(
            WriterEvent.FREEZE,
            (c, r) -> lastState.set(new WeakReference<>(r.sessionState(PerSession.class))));
        rig.coordinator.subscribe(new ScriptDispatcher("noop-" + level, level, 5_000), w);
      }
      run(rig, 200, samples, lastState);
      long baseline = usedAfterGc();
      samples.clear();

      long start = System.nanoTime();
      run(rig, SESSIONS, samples, lastState);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertTrue(
          rig.coordinator.activeSessions().isEmpty(),
          "sessions left: " + rig.coordinator.activeSessions());
      GcPoll.untilCleared(samples, Duration.ofSeconds(20), "per-session objects collected");
      long after = usedAfterGc();
      assertTrue(
          after - baseline < TOLERANCE_BYTES,
          "heap grew from " + baseline + " to " + after + " bytes over " + SESSIONS + " sessions");
      assertEquals(2, rig.coordinator.writers().size());
      assertTrue(took.toSeconds() < 60, "took " + took);
      org.slf4j.LoggerFactory.getLogger(SoakTest.class)
          .info(
              "soak: {} sessions in {} ms; heap {} -> {} bytes",
              SESSIONS,
              took.toMillis(),
              baseline,
              after);
    }
  }

  private static void run(
      Rig rig,
      int sessions,
      List<WeakReference<Object>> samples,
      AtomicReference<WeakReference<Object>> state)
      throws Exception {
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = thread; i < sessions; i += THREADS) {
                  BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
                  try (s) {
                    s.prepareForBackup();
                    SnapshotSet set = s.doSnapshotSet(Rig.PATHS);
                    s.backupComplete();
                    if (i % 500 == 0) {
                      synchronized (samples) {
                        samples.add(new WeakReference<>(s));
                        samples.add(new WeakReference<>(set));
                        samples.add(state.get());
                      }
                    }
                  }
                }
              }));
    }
    for (CompletableFuture<Void> w : workers) {
      w.get();
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    List<WeakReference<Object>> canary = List.of(new WeakReference<>(new Object()));
    GcPoll.untilCleared(canary, Duration.ofSeconds(10), "a collection");
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
