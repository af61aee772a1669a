package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.CallableDuring;
import dev.quiesce.api.EventContext;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.IllegalEventStateException;
import dev.quiesce.api.PostSnapshotContext;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.runtime.fixtures.Rig;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link WriterContext} answers for the event on the calling thread and refuses anything else, with
 * the events read from {@code @CallableDuring}; contexts are dead once their handler returns.
 */
class WriterContextTest {

  @Test
  void answersOnTheHandlersThreadAndRefusesOtherThreads() throws Exception {
    try (Rig rig = Rig.builder().writer("db").build()) {
      WriterContext vss = rig.injector.getInstance(WriterContext.class);
      assertSame(vss, rig.injector.getInstance(WriterContext.class));
      AtomicReference<SnapshotSetId> inFreeze = new AtomicReference<>();
      AtomicReference<Throwable> onWorker = new AtomicReference<>();
      AtomicReference<BackupType> type = new AtomicReference<>();
      rig.w("db")
          .writer()
          .on(
              WriterEvent.FREEZE,
              (ctx, rec) -> {
                inFreeze.set(vss.currentSnapshotSetId());
                assertEquals(
                    ((FreezeContext) ctx).currentSnapshotSetId(), vss.currentSnapshotSetId());
                assertEquals(ctx.sessionId(), vss.currentSessionId());
                assertTrue(vss.isPathAffected(Rig.PATHS.get(0).resolve("x")));
                assertEquals(Rig.PATHS, vss.currentVolumes());
                type.set(vss.currentBackupType());
                onWorker.set(
                    CompletableFuture.supplyAsync(
                            () -> {
                              try {
                                vss.currentSnapshotSetId();
                                return null;
                              } catch (RuntimeException e) {
                                return e;
                              }
                            })
                        .get());
              });
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup();
        SnapshotSet set = s.doSnapshotSet(Rig.PATHS);
        assertEquals(set.id(), inFreeze.get());
      }
      assertEquals(BackupType.FULL, type.get());
      IllegalEventStateException e = (IllegalEventStateException) onWorker.get();
      assertEquals(Optional.empty(), e.currentEvent());
      assertThrows(IllegalEventStateException.class, vss::currentSessionId);
    }
  }

  @Test
  void refusesCallsOutsideTheirEvents() {
    Map<WriterEvent, Throwable> errors = new ConcurrentHashMap<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      WriterContext vss = rig.injector.getInstance(WriterContext.class);
      rig.w("db")
          .writer()
          .on(
              WriterEvent.IDENTIFY,
              (c, r) ->
                  errors.put(
                      c.event(), refused(() -> vss.setWriterFailure(WriterFailure.RETRYABLE, "x"))))
          .on(
              WriterEvent.FREEZE,
              (c, r) -> errors.put(c.event(), refused(() -> vss.snapshotPathOf(Rig.PATHS.get(0)))))
          .on(
              WriterEvent.BACKUP_SHUTDOWN,
              (c, r) -> errors.put(c.event(), refused(vss::currentSnapshotSetId)))
          .on(
              WriterEvent.PREPARE_BACKUP,
              (c, r) -> errors.put(c.event(), refused(vss::currentRestoreType)))
          .on(
              WriterEvent.POST_SNAPSHOT,
              (c, r) -> {
                assertEquals(Rig.PATHS.get(0), vss.snapshotPathOf(Rig.PATHS.get(0)));
                assertEquals(
                    Rig.PATHS.get(0), ((PostSnapshotContext) c).snapshotPathOf(Rig.PATHS.get(0)));
              });
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup();
        s.doSnapshotSet(Rig.PATHS);
        s.backupComplete();
      }
      assertEquals(
          EnumSet.of(
              WriterEvent.IDENTIFY,
              WriterEvent.FREEZE,
              WriterEvent.BACKUP_SHUTDOWN,
              WriterEvent.PREPARE_BACKUP),
          EnumSet.copyOf(errors.keySet()));
      errors.forEach(
          (event, error) -> {
            IllegalEventStateException e = (IllegalEventStateException) error;
            assertEquals(Optional.of(event), e.currentEvent());
          });
      IllegalEventStateException shutdown =
          (IllegalEventStateException) errors.get(WriterEvent.BACKUP_SHUTDOWN);
      assertEquals(
          EnumSet.of(
              WriterEvent.PREPARE_SNAPSHOT,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.POST_SNAPSHOT),
          shutdown.allowedEvents());
    }
  }

  @Test
  void theRunTimeTableIsTheAnnotationsTable() throws Exception {
    try (Rig rig = Rig.builder().writer("db").build()) {
      WriterContext vss = rig.injector.getInstance(WriterContext.class);
      Map<String, Function<WriterContext, Object>> calls =
          Map.of(
              "currentSnapshotSetId", WriterContext::currentSnapshotSetId,
              "currentVolumes", WriterContext::currentVolumes,
              "currentBackupType", WriterContext::currentBackupType,
              "currentRestoreType", WriterContext::currentRestoreType,
              "currentSessionId", WriterContext::currentSessionId);
      for (Map.Entry<String, Function<WriterContext, Object>> call : calls.entrySet()) {
        Method m = WriterContext.class.getMethod(call.getKey());
        EnumSet<WriterEvent> declared =
            EnumSet.copyOf(List.of(m.getAnnotation(CallableDuring.class).value()));
        IllegalEventStateException e =
            assertThrows(IllegalEventStateException.class, () -> call.getValue().apply(vss));
        assertEquals(declared, e.allowedEvents(), call.getKey());
      }
    }
  }

  @Test
  void reportFailureRecordsWithoutVetoingAndIsRefusedInIdentify() {
    AtomicReference<Throwable> inIdentify = new AtomicReference<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      rig.w("db")
          .writer()
          .on(
              WriterEvent.IDENTIFY,
              (c, r) ->
                  inIdentify.set(refused(() -> c.reportFailure(WriterFailure.RETRYABLE, "x"))))
          .on(
              WriterEvent.POST_SNAPSHOT,
              (c, r) -> c.reportFailure(WriterFailure.PARTIAL_FAILURE, "one table skipped"));
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup();
        assertTrue(s.doSnapshotSet(Rig.PATHS).quiesced());
        WriterStatus st = s.gatherWriterStatus().get(0);
        assertEquals(WriterState.FAILED_AT_POST_SNAPSHOT, st.state());
        assertEquals(Optional.of(WriterFailure.PARTIAL_FAILURE), st.failure());
        assertTrue(st.error().orElseThrow().contains("one table skipped"));
      }
      assertTrue(inIdentify.get() instanceof IllegalEventStateException);
    }
  }

  @Test
  void aContextUsedAfterItsHandlerReturnedIsRefused() {
    AtomicReference<EventContext> kept = new AtomicReference<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      rig.w("db").writer().on(WriterEvent.FREEZE, (c, r) -> kept.set(c));
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup();
        s.doSnapshotSet(List.of(Path.of(".")));
      }
      FreezeContext stale = (FreezeContext) kept.get();
      assertThrows(IllegalStateException.class, stale::currentSnapshotSetId);
      assertThrows(
          IllegalStateException.class, () -> stale.reportFailure(WriterFailure.RETRYABLE, "late"));
      assertFalse(stale.sessionId() == null);
    }
  }

  private static Throwable refused(Runnable call) {
    try {
      call.run();
      return new AssertionError("not refused");
    } catch (IllegalEventStateException e) {
      return e;
    }
  }
}
