package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.fixtures.Rig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Freeze by level, thaw in reverse, parallel within a level, one freeze window at a time. */
class FreezeOrderTest {

  @Test
  void freezeGoesFrontEndBackEndSystemAndThawReverses() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (Rig rig =
        Rig.builder()
            .writer("system", ApplicationLevel.SYSTEM, 5_000)
            .writer("back", ApplicationLevel.BACK_END, 5_000)
            .writer("front", ApplicationLevel.FRONT_END, 5_000)
            .build()) {
      for (Rig.W w : rig.all()) {
        w.writer().on(WriterEvent.FREEZE, (c, r) -> log.add("freeze " + w.name()));
        w.writer().on(WriterEvent.THAW, (c, r) -> log.add("thaw " + w.name()));
      }
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup();
        s.doSnapshotSet(Rig.PATHS);
      }
      assertEquals(
          List.of(
              "freeze front",
              "freeze back",
              "freeze system",
              "thaw system",
              "thaw back",
              "thaw front"),
          log);
    }
  }

  @Test
  void writersOfOneLevelFreezeInParallel() throws Exception {
    CyclicBarrier both = new CyclicBarrier(2);
    try (Rig rig = Rig.builder().writer("a").writer("b").build()) {
      for (Rig.W w : rig.all()) {
        // each Freeze completes only if the other runs at the same time
        w.writer().on(WriterEvent.FREEZE, (c, r) -> both.await(5, TimeUnit.SECONDS));
      }
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup();
        assertTrue(s.doSnapshotSet(Rig.PATHS).quiesced());
        s.gatherWriterStatus().forEach(st -> assertFalse(st.failed(), st.toString()));
      }
    }
  }

  @Test
  void freezeWindowsOfTwoSessionsNeverOverlap() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch firstFrozen = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    try (Rig rig = Rig.builder().writer("db").build()) {
      rig.w("db")
          .writer()
          .on(
              WriterEvent.FREEZE,
              (c, r) -> {
                log.add("freeze " + c.sessionId());
                if (firstFrozen.getCount() == 1) {
                  firstFrozen.countDown();
                  assertTrue(releaseFirst.await(5, TimeUnit.SECONDS));
                }
              })
          .on(WriterEvent.THAW, (c, r) -> log.add("thaw " + c.sessionId()));
      BackupSession s1 = rig.coordinator.openBackup(BackupOptions.full());
      BackupSession s2 = rig.coordinator.openBackup(BackupOptions.full());
      s1.prepareForBackup();
      s2.prepareForBackup();
      CompletableFuture<SnapshotSet> first =
          CompletableFuture.supplyAsync(() -> s1.doSnapshotSet(Rig.PATHS));
      assertTrue(firstFrozen.await(5, TimeUnit.SECONDS));
      CompletableFuture<SnapshotSet> second =
          CompletableFuture.supplyAsync(() -> s2.doSnapshotSet(Rig.PATHS));
      rig.w("db")
          .recorder()
          .awaitEvent(s2.id(), WriterEvent.PREPARE_SNAPSHOT, Duration.ofSeconds(5));
      assertEquals(List.of("freeze " + s1.id()), log);
      releaseFirst.countDown();
      first.get(5, TimeUnit.SECONDS);
      second.get(5, TimeUnit.SECONDS);
      assertEquals(
          List.of("freeze " + s1.id(), "thaw " + s1.id(), "freeze " + s2.id(), "thaw " + s2.id()),
          log);
      s1.close();
      s2.close();
    }
  }

  @Test
  void waitingForAnotherSessionsFreezeWindowIsBounded() throws Exception {
    CountDownLatch frozen = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (Rig rig = Rig.builder().freezeWindowWait(Duration.ofMillis(200)).writer("db").build()) {
      rig.w("db")
          .writer()
          .on(
              WriterEvent.FREEZE,
              (c, r) -> {
                if (frozen.getCount() == 1) {
                  frozen.countDown();
                  assertTrue(release.await(5, TimeUnit.SECONDS));
                }
              });
      BackupSession s1 = rig.coordinator.openBackup(BackupOptions.full());
      BackupSession s2 = rig.coordinator.openBackup(BackupOptions.full());
      s1.prepareForBackup();
      s2.prepareForBackup();
      CompletableFuture<SnapshotSet> first =
          CompletableFuture.supplyAsync(() -> s1.doSnapshotSet(Rig.PATHS));
      assertTrue(frozen.await(5, TimeUnit.SECONDS));
      QuiesceException e = assertThrows(QuiesceException.class, () -> s2.doSnapshotSet(Rig.PATHS));
      assertTrue(e.getMessage().contains("freeze window did not close"), e.getMessage());
      release.countDown();
      first.get(5, TimeUnit.SECONDS);
      s1.close();
      s2.close();
      var rec = rig.w("db").recorder();
      rec.assertSequence(
          s2.id(),
          WriterEvent.IDENTIFY,
          WriterEvent.PREPARE_BACKUP,
          WriterEvent.PREPARE_SNAPSHOT,
          WriterEvent.ABORT,
          WriterEvent.BACKUP_SHUTDOWN);
      rec.assertOneShutdown(s2.id(), ShutdownCause.ABORTED);
      rec.assertOneShutdown(s1.id(), ShutdownCause.RELEASED_EARLY);
    }
  }

  @Test
  void eventsOfOneSessionReachAWriterOneAtATimeInOrder() throws Exception {
    Map<SessionId, AtomicInteger> inHandler = new ConcurrentHashMap<>();
    List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
    try (Rig rig = Rig.builder().writer("a").writer("b", ApplicationLevel.SYSTEM, 5_000).build()) {
      for (WriterEvent e : WriterEvent.values()) {
        rig.w("a")
            .writer()
            .on(
                e,
                (c, r) -> {
                  AtomicInteger n =
                      inHandler.computeIfAbsent(c.sessionId(), k -> new AtomicInteger());
                  if (n.incrementAndGet() != 1) {
                    overlaps.add(c.event() + " of " + c.sessionId());
                  }
                  Thread.yield();
                  n.decrementAndGet();
                });
      }
      List<CompletableFuture<SessionId>> runs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        runs.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
                    s.prepareForBackup();
                    s.doSnapshotSet(Rig.PATHS);
                    s.backupComplete();
                    return s.id();
                  }
                }));
      }
      for (CompletableFuture<SessionId> run : runs) {
        SessionId id = run.get(30, TimeUnit.SECONDS);
        for (Rig.W w : rig.all()) {
          w.recorder().assertInvariants(id);
          w.recorder().assertOneShutdown(id, ShutdownCause.COMPLETED);
          assertEquals(8, w.recorder().eventTypes(id).size());
        }
      }
      assertTrue(rig.coordinator.activeSessions().isEmpty());
      assertEquals(List.of(), overlaps);
    }
  }

  @Test
  void identifyFromAnotherSessionReachesAWriterFrozenInABackup() throws Exception {
    CountDownLatch frozen = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (Rig rig = Rig.builder().writer("db").build()) {
      rig.w("db")
          .writer()
          .on(
              WriterEvent.FREEZE,
              (c, r) -> {
                frozen.countDown();
                assertTrue(release.await(5, TimeUnit.SECONDS));
              });
      try (BackupSession backup = rig.coordinator.openBackup(BackupOptions.full())) {
        backup.prepareForBackup();
        CompletableFuture<SnapshotSet> run =
            CompletableFuture.supplyAsync(() -> backup.doSnapshotSet(Rig.PATHS));
        assertTrue(frozen.await(5, TimeUnit.SECONDS));
        try (RestoreSession query = rig.coordinator.openRestore(RestoreOptions.full())) {
          assertEquals("db", query.gatherWriterMetadata().get(0).writerName());
        }
        release.countDown();
        assertTrue(run.get(5, TimeUnit.SECONDS).quiesced());
      }
    }
  }
}
