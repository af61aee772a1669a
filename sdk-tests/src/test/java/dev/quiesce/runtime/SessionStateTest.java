package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.spi.SessionRecord;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.fixtures.ScriptDispatcher;
import dev.quiesce.runtime.fixtures.ScriptWriter;
import dev.quiesce.runtime.testing.EventRecorder;
import dev.quiesce.runtime.testing.GcPoll;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code @SessionState}: made by Guice per session, the same within it, dropped after it. */
class SessionStateTest {
  /** Per-backup state with an injected dependency. */
  static final class Held {
    final Clock clock;

    @Inject
    Held(Clock clock) {
      this.clock = clock;
    }
  }

  static final class Clock {}

  @Singleton
  static final class Shared {}

  @Test
  void sameInstanceWithinASessionNewInstanceInTheNextDroppedAfterShutdown() throws Exception {
    Map<SessionId, List<Held>> seen = new ConcurrentHashMap<>();
    List<WeakReference<Held>> refs = new ArrayList<>();
    AtomicReference<SessionRecord> record = new AtomicReference<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      for (WriterEvent e :
          List.of(
              WriterEvent.PREPARE_SNAPSHOT,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.BACKUP_SHUTDOWN)) {
        rig.w("db")
            .writer()
            .on(
                e,
                (c, r) -> {
                  Held h = r.sessionState(Held.class);
                  seen.computeIfAbsent(c.sessionId(), k -> new ArrayList<>()).add(h);
                  record.set(r);
                });
      }
      SessionId a = backup(rig);
      SessionId b = backup(rig);
      assertEquals(4, seen.get(a).size());
      seen.get(a).forEach(h -> assertSame(seen.get(a).get(0), h));
      seen.get(b).forEach(h -> assertSame(seen.get(b).get(0), h));
      assertNotSame(seen.get(a).get(0), seen.get(b).get(0));
      assertTrue(seen.get(a).get(0).clock != null);
      assertThrows(IllegalStateException.class, () -> record.get().sessionState(Held.class));
      seen.values().forEach(l -> refs.add(new WeakReference<>(l.get(0))));
      seen.clear();
      record.set(null);
      GcPoll.untilCleared(refs, Duration.ofSeconds(20), "session state collected");
    }
  }

  @Test
  void aSingletonBoundSessionStateIsRefused() {
    Injector injector = Guice.createInjector(new QuiesceModule(), new AbstractModule() {});
    Coordinator coordinator = injector.getInstance(Coordinator.class);
    ScriptWriter writer = new ScriptWriter();
    AtomicReference<Throwable> error = new AtomicReference<>();
    writer.on(
        WriterEvent.PREPARE_BACKUP,
        (c, r) -> {
          try {
            r.sessionState(Shared.class);
          } catch (IllegalStateException e) {
            error.set(e);
          }
        });
    EventRecorder<ScriptWriter> rec = new EventRecorder<>(new ScriptDispatcher("db"));
    coordinator.subscribe(rec, writer);
    try (BackupSession s = coordinator.openBackup(BackupOptions.full())) {
      s.prepareForBackup();
    }
    assertTrue(error.get().getMessage().contains("singleton"), String.valueOf(error.get()));
  }

  private static SessionId backup(Rig rig) {
    try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
      s.prepareForBackup();
      s.doSnapshotSet(Rig.PATHS);
      s.backupComplete();
      return s.id();
    }
  }
}
