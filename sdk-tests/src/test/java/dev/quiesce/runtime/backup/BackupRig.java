package dev.quiesce.runtime.backup;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.fixtures.ScriptDispatcher;
import dev.quiesce.runtime.fixtures.ScriptWriter;
import dev.quiesce.runtime.testing.EventRecorder;
import dev.quiesce.runtime.testing.FaultInjector;
import dev.quiesce.runtime.testing.SeenEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A coordinator and a {@link BackupApplication} over scripted writers ({@link ScriptWriter} behind
 * a {@link FaultInjector} and an {@link EventRecorder}), each owning one directory: its Identify
 * declares component {@code data} over the whole tree and excludes {@code *.lck} files.
 */
final class BackupRig implements AutoCloseable {
  /** The component every rig writer declares. */
  static final String COMPONENT = "data";

  /** One writer of the rig. */
  record W(
      String name,
      Path dir,
      ScriptWriter writer,
      FaultInjector<ScriptWriter> faults,
      EventRecorder<ScriptWriter> recorder) {
    /** The events of every session but {@code except}, in order (the restore's). */
    List<WriterEvent> eventsOutside(SessionId except) {
      return recorder.events().stream()
          .filter(e -> !e.session().equals(except))
          .map(SeenEvent::event)
          .toList();
    }
  }

  final Injector injector;
  final Coordinator coordinator;
  final BackupApplication app;
  private final Map<String, W> writers = new LinkedHashMap<>();

  private BackupRig(Builder b) {
    injector =
        Guice.createInjector(
            Stage.PRODUCTION,
            QuiesceModule.builder()
                .snapshotProvider(b.provider)
                .eventTimeouts(Duration.ofSeconds(5))
                .freezeWindowWait(Duration.ofSeconds(10))
                .closeWait(Duration.ofSeconds(5))
                .build());
    coordinator = injector.getInstance(Coordinator.class);
    app = injector.getInstance(BackupApplication.class);
    for (Spec spec : b.specs) {
      ScriptWriter writer = new ScriptWriter(List.of());
      Path dir = spec.dir().toAbsolutePath().normalize();
      writer.on(
          WriterEvent.IDENTIFY,
          (context, record) -> {
            IdentifyContext identify = (IdentifyContext) context;
            identify.component(COMPONENT).files(dir, "*", true);
            identify.excludeFiles(dir, "*.lck", true);
            identify.restoreMethod(spec.method());
          });
      FaultInjector<ScriptWriter> faults =
          new FaultInjector<>(
              new ScriptDispatcher(spec.name(), spec.level(), 5_000, spec.handled()));
      faults.onRequestorLost(coordinator::requestorLost);
      EventRecorder<ScriptWriter> recorder = new EventRecorder<>(faults);
      coordinator.subscribe(recorder, writer);
      writers.put(spec.name(), new W(spec.name(), dir, writer, faults, recorder));
    }
  }

  static Builder builder(SnapshotProvider provider) {
    return new Builder(provider);
  }

  W w(String name) {
    return writers.get(name);
  }

  List<W> all() {
    return List.copyOf(writers.values());
  }

  /** The one session the rig's writers have seen events of (the backup's). */
  SessionId onlySession() {
    List<SessionId> sessions =
        all().stream()
            .flatMap(w -> w.recorder().events().stream())
            .map(SeenEvent::session)
            .distinct()
            .toList();
    if (sessions.size() != 1) {
      throw new AssertionError("expected events of one session, saw " + sessions);
    }
    return sessions.get(0);
  }

  /** Every event every writer has seen, for "nothing more happened" checks. */
  Map<String, List<SeenEvent>> allEvents() {
    Map<String, List<SeenEvent>> events = new LinkedHashMap<>();
    writers.forEach((name, w) -> events.put(name, w.recorder().events()));
    return events;
  }

  @Override
  public void close() {
    writers.values().forEach(w -> w.faults().releaseHangs());
  }

  private record Spec(
      String name,
      ApplicationLevel level,
      Path dir,
      Set<WriterEvent> handled,
      RestoreMethod method) {}

  /** Writers of a rig, each over its directory. */
  static final class Builder {
    private final SnapshotProvider provider;
    private final List<Spec> specs = new ArrayList<>();

    private Builder(SnapshotProvider provider) {
      this.provider = provider;
    }

    Builder writer(String name, Path dir) {
      return writer(name, ApplicationLevel.FRONT_END, dir);
    }

    Builder writer(String name, ApplicationLevel level, Path dir) {
      specs.add(
          new Spec(
              name,
              level,
              dir,
              EnumSet.allOf(WriterEvent.class),
              RestoreMethod.RESTORE_IF_CAN_REPLACE));
      return this;
    }

    /**
     * A writer with handlers for every event but PreRestore and PostRestore, declaring {@code
     * method}: one that does not take part in restores.
     */
    Builder writerWithoutRestoreHandlers(String name, Path dir, RestoreMethod method) {
      Set<WriterEvent> handled = EnumSet.allOf(WriterEvent.class);
      handled.remove(WriterEvent.PRE_RESTORE);
      handled.remove(WriterEvent.POST_RESTORE);
      specs.add(new Spec(name, ApplicationLevel.FRONT_END, dir, handled, method));
      return this;
    }

    BackupRig build() {
      return new BackupRig(this);
    }
  }
}
