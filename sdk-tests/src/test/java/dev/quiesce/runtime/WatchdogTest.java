package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.testing.Fault;
import dev.quiesce.runtime.testing.SeenEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The freeze window: the watchdog thaws every frozen writer when a window expires, whether a writer
 * or the provider hangs, and doSnapshotSet fails promptly; provider failures abort after Thaw.
 */
class WatchdogTest {
  /**
   * doSnapshotSet ends well before this when the shortest window is enforced; without it, it would
   * wait for the next window (5 s) or the hang (30 s). Generous on a loaded machine, yet shorter
   * than what it tells apart.
   */
  private static final Duration PROMPT = Duration.ofSeconds(4);

  private static final Duration AWAIT = Duration.ofSeconds(10);

  /**
   * Lateness allowed for a thaw after the window that caused it: scheduling on a loaded machine.
   * The shortest window plus this stays below every other way a writer here gets thawed (its own 5
   * s window, a 5 s Thaw timeout, a 30 s hang), so a thaw in time is the watchdog's.
   */
  private static final long SLACK_MILLIS = 3_000;

  /** Thaw reached the writer within {@code millis} of its Freeze (or of the first Freeze). */
  private static void assertThawedWithin(Rig.W w, SessionId session, long millis)
      throws InterruptedException {
    SeenEvent thaw = w.recorder().awaitEvent(session, WriterEvent.THAW, AWAIT);
    Instant freeze =
        w.recorder().events(session).stream()
            .filter(e -> e.event() == WriterEvent.FREEZE)
            .map(SeenEvent::started)
            .findFirst()
            .orElseThrow();
    long took = Duration.between(freeze, thaw.started()).toMillis();
    assertTrue(took <= millis, w.name() + " thawed " + took + " ms after Freeze; window " + millis);
  }

  /** A provider whose take blocks until released, or throws, or whose check refuses. */
  static final class TestProvider implements SnapshotProvider {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger taken = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    volatile boolean hang;
    volatile boolean fail;
    volatile boolean refuse;

    @Override
    public String name() {
      return "test";
    }

    @Override
    public void check(List<Path> paths) throws IOException {
      if (refuse) {
        throw new IOException("cannot snapshot " + paths);
      }
    }

    @Override
    public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
      if (hang) {
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (fail) {
        throw new IOException("disk on fire");
      }
      taken.incrementAndGet();
      return new Snapshot() {
        @Override
        public SnapshotSetId id() {
          return id;
        }

        @Override
        public List<Path> paths() {
          return paths;
        }

        @Override
        public Path pathOf(Path original) {
          return original;
        }

        @Override
        public void close() {
          closed.incrementAndGet();
        }
      };
    }
  }

  @Test
  void hungProviderExpiresTheWindowThawsEveryoneAndFailsPromptly() throws Exception {
    TestProvider provider = new TestProvider();
    provider.hang = true;
    try (Rig rig =
        Rig.builder()
            .provider(provider)
            .writer("front", ApplicationLevel.FRONT_END, 300)
            .writer("system", ApplicationLevel.SYSTEM, 5_000)
            .build()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      long start = System.nanoTime();
      try (s) {
        s.prepareForBackup();
        QuiesceException e = assertThrows(QuiesceException.class, () -> s.doSnapshotSet(Rig.PATHS));
        assertTrue(
            e.getMessage().contains("did not finish within the freeze window"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(PROMPT) < 0);
        WriterStatusAssert.failed(
            s.gatherWriterStatus(), "front", WriterState.FAILED_AT_FREEZE, WriterFailure.TIMEOUT);
      }
      assertThawedWithin(rig.w("front"), s.id(), 300 + SLACK_MILLIS);
      assertThawedWithin(rig.w("system"), s.id(), 300 + SLACK_MILLIS);
      for (Rig.W w : rig.all()) {
        w.recorder().assertInvariants(s.id());
        w.recorder().assertOneShutdown(s.id(), ShutdownCause.ABORTED);
      }
      provider.release.countDown();
      provider.hang = false;
      try (BackupSession next = rig.coordinator.openBackup(BackupOptions.full())) {
        next.prepareForBackup();
        assertTrue(next.doSnapshotSet(Rig.PATHS).quiesced());
      }
      assertTrue(provider.closed.get() >= 1, "the late snapshot and the next one are released");
    }
  }

  @Test
  void watchdogThawsWhenAWritersFreezeHangsPastItsWindow() throws Exception {
    try (Rig rig =
        Rig.builder()
            .timeout(WriterEvent.FREEZE, Duration.ofSeconds(30))
            .writer("back", ApplicationLevel.BACK_END, 200)
            .writer("front", ApplicationLevel.FRONT_END, 5_000)
            .build()) {
      rig.w("back").faults().inject(WriterEvent.FREEZE, Fault.hang());
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      long start = System.nanoTime();
      try (s) {
        s.prepareForBackup();
        assertThrows(QuiesceException.class, () -> s.doSnapshotSet(Rig.PATHS));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(PROMPT) < 0);
        // the front writer, frozen and waiting, was thawed by the watchdog before the hang ended
        assertThawedWithin(rig.w("front"), s.id(), 200 + SLACK_MILLIS);
        WriterStatusAssert.failed(
            s.gatherWriterStatus(), "back", WriterState.FAILED_AT_FREEZE, WriterFailure.TIMEOUT);
      }
      rig.w("back").faults().releaseHangs();
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(s.id(), ShutdownCause.ABORTED, AWAIT);
      }
      rig.w("back")
          .recorder()
          .assertSequence(
              s.id(),
              WriterEvent.IDENTIFY,
              WriterEvent.PREPARE_BACKUP,
              WriterEvent.PREPARE_SNAPSHOT,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.ABORT,
              WriterEvent.BACKUP_SHUTDOWN);
    }
  }

  @Test
  void providerFailureAbortsAfterThaw() {
    TestProvider provider = new TestProvider();
    provider.fail = true;
    try (Rig rig = Rig.builder().provider(provider).writer("db").build()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        s.prepareForBackup();
        QuiesceException e = assertThrows(QuiesceException.class, () -> s.doSnapshotSet(Rig.PATHS));
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
      }
      rig.w("db")
          .recorder()
          .assertSequence(
              s.id(),
              WriterEvent.IDENTIFY,
              WriterEvent.PREPARE_BACKUP,
              WriterEvent.PREPARE_SNAPSHOT,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.ABORT,
              WriterEvent.BACKUP_SHUTDOWN);
    }
  }

  @Test
  void providerCheckFailureFreezesNothing() {
    TestProvider provider = new TestProvider();
    provider.refuse = true;
    try (Rig rig = Rig.builder().provider(provider).writer("db").build()) {
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        s.prepareForBackup();
        assertThrows(QuiesceException.class, () -> s.doSnapshotSet(Rig.PATHS));
      }
      rig.w("db")
          .recorder()
          .assertSequence(
              s.id(),
              WriterEvent.IDENTIFY,
              WriterEvent.PREPARE_BACKUP,
              WriterEvent.ABORT,
              WriterEvent.BACKUP_SHUTDOWN);
      assertEquals(0, provider.taken.get());
    }
  }

  @Test
  void continuePolicyGoesOnCrashConsistentWithoutTheVetoingWriter() {
    try (Rig rig =
        Rig.builder()
            .writer("vetoer", ApplicationLevel.FRONT_END, 5_000)
            .writer("good", ApplicationLevel.BACK_END, 5_000)
            .build()) {
      rig.w("vetoer")
          .faults()
          .inject(WriterEvent.FREEZE, Fault.fail(WriterFailure.RETRYABLE, "busy"));
      BackupSession s =
          rig.coordinator.openBackup(
              BackupOptions.full().onQuiesceFailure(QuiescePolicy.CONTINUE_CRASH_CONSISTENT));
      try (s) {
        s.prepareForBackup();
        SnapshotSet set = s.doSnapshotSet(Rig.PATHS);
        assertFalse(set.quiesced());
        assertEquals(QuiescePolicy.CONTINUE_CRASH_CONSISTENT, set.policy());
        assertEquals("vetoer", set.quiesceFailures().get(0).name());
        s.backupComplete();
      }
      rig.w("vetoer")
          .recorder()
          .assertSequence(
              s.id(),
              WriterEvent.IDENTIFY,
              WriterEvent.PREPARE_BACKUP,
              WriterEvent.PREPARE_SNAPSHOT,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.ABORT,
              WriterEvent.BACKUP_SHUTDOWN);
      rig.w("good")
          .recorder()
          .assertSequence(
              s.id(),
              WriterEvent.IDENTIFY,
              WriterEvent.PREPARE_BACKUP,
              WriterEvent.PREPARE_SNAPSHOT,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.POST_SNAPSHOT,
              WriterEvent.BACKUP_COMPLETE,
              WriterEvent.BACKUP_SHUTDOWN);
      rig.all().forEach(w -> w.recorder().assertOneShutdown(s.id(), ShutdownCause.COMPLETED));
    }
  }

  @Test
  void watchdogThawsAFrontEndWriterWhileASystemThawHangs() throws Exception {
    try (Rig rig =
        Rig.builder()
            // the requestor's Thaw of front waits for system's Thaw timeout: longer than the slack
            .timeout(WriterEvent.THAW, Duration.ofSeconds(5))
            .writer("front", ApplicationLevel.FRONT_END, 300)
            .writer("system", ApplicationLevel.SYSTEM, 5_000)
            .build()) {
      rig.w("system").faults().inject(WriterEvent.THAW, Fault.hang());
      BackupSession s = rig.coordinator.openBackup(BackupOptions.full());
      try (s) {
        s.prepareForBackup();
        CompletableFuture<Throwable> run =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    s.doSnapshotSet(Rig.PATHS);
                    return null;
                  } catch (RuntimeException e) {
                    return e;
                  }
                });
        assertTrue(rig.w("system").faults().awaitFault(WriterEvent.THAW, AWAIT));
        assertThawedWithin(rig.w("front"), s.id(), 300 + SLACK_MILLIS);
        assertFalse(rig.w("system").recorder().eventTypes(s.id()).contains(WriterEvent.THAW));
        assertTrue(run.get(AWAIT.toSeconds(), TimeUnit.SECONDS) instanceof QuiesceException);
        WriterStatusAssert.failed(
            s.gatherWriterStatus(), "front", WriterState.FAILED_AT_FREEZE, WriterFailure.TIMEOUT);
        WriterStatusAssert.failed(
            s.gatherWriterStatus(), "system", WriterState.FAILED_AT_THAW, WriterFailure.TIMEOUT);
      }
      rig.w("system").faults().releaseHangs();
      for (Rig.W w : rig.all()) {
        w.recorder().awaitEnd(s.id(), ShutdownCause.ABORTED, AWAIT);
      }
    }
  }
}
