package dev.quiesce.runtime.testing;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.api.spi.WriterDispatcher;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.RestoreOptions;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.WritersModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Drives one writer through backups and restores on a real coordinator, with faults injected and
 * every event recorded: the Quiesce counterpart of the VSS Test Writer tool, as a library.
 *
 * <p>The writer is made by Guice from the given modules (so its own dependencies are injected), or
 * given as an instance. Its dispatcher is found as {@code WritersModule} finds it, then wrapped by
 * a {@link FaultInjector} and an {@link EventRecorder}. Close the harness to release hung handlers.
 *
 * <p>Each backup call returns only once the session is over for the writer too: after the requestor
 * is done (closed the session or vanished), the harness releases the hangs it injected in that
 * session and waits (bounded, {@link Builder#sessionEndTimeout}) for the writer's BackupShutdown.
 * So {@code recording()} is complete when the result is in hand, and {@code assertOneShutdown}
 * right after {@code assertFailed()} checks the real ending, hang or not. A handler of the writer's
 * own that does not return by then fails the call with an {@link AssertionError} that names it.
 *
 * @param <W> the writer class
 */
public final class WriterHarness<W> implements AutoCloseable {
  private static final Duration GC_LIMIT = Duration.ofSeconds(20);

  private final Injector injector;
  private final Coordinator coordinator;
  private final W writer;
  private final FaultInjector<W> faults;
  private final EventRecorder<W> recorder;
  private final List<Path> paths;
  private final Duration sessionEndTimeout;

  private WriterHarness(Builder<W> b) {
    List<Module> modules = new ArrayList<>(b.modules);
    modules.add(b.runtime.build());
    this.injector = Guice.createInjector(Stage.DEVELOPMENT, modules);
    this.coordinator = injector.getInstance(Coordinator.class);
    this.writer = b.instance != null ? b.instance : injector.getInstance(b.type);
    WriterDispatcher<W> dispatcher =
        b.dispatcher != null ? b.dispatcher : WritersModule.dispatcherOf(b.type);
    this.faults = new FaultInjector<>(dispatcher);
    this.recorder = new EventRecorder<>(faults);
    faults.onRequestorLost(coordinator::requestorLost);
    coordinator.subscribe(recorder, writer);
    this.paths = List.copyOf(b.paths);
    this.sessionEndTimeout = b.sessionEndTimeout;
  }

  /** A harness for a writer class made by Guice, with its generated dispatcher. */
  public static <W> Builder<W> forWriter(Class<W> type) {
    return new Builder<>(type, null, null);
  }

  /** A harness for a writer class made by Guice, with the given dispatcher. */
  public static <W> Builder<W> forWriter(Class<W> type, WriterDispatcher<W> dispatcher) {
    return new Builder<>(type, null, Objects.requireNonNull(dispatcher, "dispatcher"));
  }

  /** A harness for a writer instance made by the test. */
  @SuppressWarnings("unchecked")
  public static <W> Builder<W> forInstance(W writer, WriterDispatcher<W> dispatcher) {
    return new Builder<>((Class<W>) writer.getClass(), writer, dispatcher);
  }

  public Coordinator coordinator() {
    return coordinator;
  }

  public Injector injector() {
    return injector;
  }

  public W writer() {
    return writer;
  }

  /** Where to inject faults. */
  public FaultInjector<W> faults() {
    return faults;
  }

  /** What the writer saw. */
  public EventRecorder<W> recording() {
    return recorder;
  }

  /** The writer's status in the coordinator ({@code vssadmin list writers}). */
  public WriterStatus status() {
    String name = faults.descriptor().name();
    return coordinator.writers().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("writer " + name + " is not subscribed"));
  }

  /**
   * A full backup: every step, then close; returns once the writer had its BackupShutdown. Failures
   * of the backup are returned, not thrown.
   *
   * @throws AssertionError if the writer took part and its BackupShutdown did not come within the
   *     session end timeout (a handler of its own still runs)
   */
  public BackupResult backup() {
    return backup(BackupOptions.full());
  }

  /**
   * A backup with {@code options}: every step, then close; returns once the writer had its
   * BackupShutdown. Failures of the backup are returned, not thrown.
   *
   * @throws AssertionError as {@link #backup()}
   */
  public BackupResult backup(BackupOptions options) {
    BackupResult result;
    try (BackupSession session = coordinator.openBackup(options)) {
      result = run(session, RequestorStep.BACKUP_COMPLETE);
    }
    return ended(result);
  }

  /**
   * A backup whose requestor vanishes after {@code step} (or earlier, if a step fails): it is lost
   * ({@link RequestorExit#LOST}) or drops its handle unclosed, which the harness then
   * garbage-collects until the coordinator ended the session ({@link RequestorExit#DROPPED}).
   * Returns, as {@link #backup()}, once the writer had its BackupShutdown.
   *
   * @throws AssertionError as {@link #backup()}
   */
  public BackupResult backupVanishing(RequestorStep step, RequestorExit exit)
      throws InterruptedException {
    BackupResult result = runUnclosed(step, exit);
    if (exit == RequestorExit.DROPPED) {
      SessionId id = result.session();
      GcPoll.until(
          () -> !coordinator.activeSessions().contains(id), GC_LIMIT, "collecting session " + id);
    }
    return ended(result);
  }

  /**
   * The requestor of {@code result}'s session is done: releases the hangs injected in it, so the
   * writer's owed events run, then waits (bounded) for the writer's BackupShutdown, if the writer
   * took part. Without this a test would check the ending before it happened: a hung handler keeps
   * the writer's lane, and its BackupShutdown, waiting.
   */
  private BackupResult ended(BackupResult result) {
    SessionId id = result.session();
    faults.releaseHangs(id);
    if (result.status().session().equals(Optional.of(id))) {
      try {
        recorder.awaitEvent(id, WriterEvent.BACKUP_SHUTDOWN, sessionEndTimeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for the end of session " + id, e);
      } catch (AssertionError e) {
        AssertionError late =
            new AssertionError(
                faults.descriptor().name()
                    + " did not get the BackupShutdown of session "
                    + id
                    + " within "
                    + sessionEndTimeout
                    + " after the requestor was done and the"
                    + " injected hangs were released: a handler of the writer's own has not returned"
                    + " (the writer's status in the session: "
                    + result.status()
                    + "; its state now: "
                    + status()
                    + ")");
        late.initCause(e);
        throw late;
      }
    }
    return result;
  }

  private BackupResult runUnclosed(RequestorStep step, RequestorExit exit) {
    BackupSession session = coordinator.openBackup(BackupOptions.full());
    BackupResult result = run(session, step);
    if (exit == RequestorExit.LOST) {
      coordinator.requestorLost(session.id());
    }
    return result;
  }

  private BackupResult run(BackupSession session, RequestorStep last) {
    Optional<SnapshotSetId> setId = Optional.empty();
    RuntimeException failure = null;
    try {
      List<WriterMetadata> metadata = session.gatherWriterMetadata();
      if (last.compareTo(RequestorStep.PREPARE_FOR_BACKUP) >= 0) {
        session.prepareForBackup();
      }
      if (last.compareTo(RequestorStep.DO_SNAPSHOT_SET) >= 0 && !paths.isEmpty()) {
        SnapshotSet set = session.doSnapshotSet(paths);
        setId = Optional.of(set.id());
      }
      if (last.compareTo(RequestorStep.BACKUP_COMPLETE) >= 0) {
        for (WriterMetadata m : metadata) {
          m.components()
              .forEach(
                  c ->
                      session.setBackupSucceeded(new ComponentRef(m.writerName(), c.name()), true));
        }
        session.backupComplete();
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    return new BackupResult(
        session.id(),
        setId,
        Optional.ofNullable(failure),
        sessionStatus(session.gatherWriterStatus()));
  }

  /** A full restore: Identify, PreRestore, PostRestore, close. Failures are returned. */
  public RestoreResult restore() {
    return restore(RestoreOptions.full());
  }

  /** A restore with {@code options}. Failures are returned. */
  public RestoreResult restore(RestoreOptions options) {
    RestoreResult result;
    try (RestoreSession session = coordinator.openRestore(options)) {
      RuntimeException failure = null;
      try {
        session.gatherWriterMetadata();
        session.preRestore();
        session.postRestore();
      } catch (RuntimeException e) {
        failure = e;
      }
      result =
          new RestoreResult(
              session.id(),
              Optional.ofNullable(failure),
              sessionStatus(session.gatherWriterStatus()));
    }
    // as after a backup: a hang the test injected lasted while the requestor was there
    faults.releaseHangs(result.session());
    return result;
  }

  /** Waits (bounded) for the writer's BackupShutdown of {@code session}. */
  public SeenEvent awaitShutdown(SessionId session, Duration timeout) throws InterruptedException {
    return recorder.awaitEvent(session, WriterEvent.BACKUP_SHUTDOWN, timeout);
  }

  private WriterStatus sessionStatus(List<WriterStatus> statuses) {
    String name = faults.descriptor().name();
    return statuses.stream().filter(s -> s.name().equals(name)).findFirst().orElseGet(this::status);
  }

  /**
   * Releases every hung handler, then closes the coordinator: sessions still open end with
   * BackupShutdown {@code COORDINATOR_CLOSED}, and none of its threads is left.
   */
  @Override
  public void close() {
    faults.releaseHangs();
    coordinator.close();
  }

  /** Options of a harness. */
  public static final class Builder<W> {
    private final Class<W> type;
    private final W instance;
    private final WriterDispatcher<W> dispatcher;
    private final List<Module> modules = new ArrayList<>();
    private final QuiesceModule.Builder runtime =
        QuiesceModule.builder().snapshotProvider(new PassThroughSnapshotProvider());
    private final List<Path> paths = new ArrayList<>();
    private Duration sessionEndTimeout = Duration.ofSeconds(30);

    private Builder(Class<W> type, W instance, WriterDispatcher<W> dispatcher) {
      this.type = Objects.requireNonNull(type, "type");
      this.instance = instance;
      this.dispatcher = dispatcher;
      paths.add(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Modules binding the writer's own dependencies. */
    public Builder<W> modules(Module... more) {
      modules.addAll(List.of(more));
      return this;
    }

    /** The timeout of one event (keep them short in tests). */
    public Builder<W> eventTimeout(WriterEvent event, Duration timeout) {
      runtime.eventTimeout(event, timeout);
      return this;
    }

    /** The same timeout for every event. */
    public Builder<W> eventTimeouts(Duration timeout) {
      runtime.eventTimeouts(timeout);
      return this;
    }

    /** The snapshot provider (default: the pass-through provider). */
    public Builder<W> snapshotProvider(SnapshotProvider provider) {
      runtime.snapshotProvider(provider);
      return this;
    }

    /** The paths of the snapshot set (default: the temporary directory). */
    public Builder<W> paths(Path... snapshotPaths) {
      paths.clear();
      paths.addAll(List.of(snapshotPaths));
      return this;
    }

    /**
     * How long a backup call waits, once the requestor is done, for the writer's BackupShutdown
     * (default 30 s): the time the writer's own handlers (Thaw, Abort, BackupShutdown) may take.
     */
    public Builder<W> sessionEndTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("sessionEndTimeout must be positive: " + timeout);
      }
      this.sessionEndTimeout = timeout;
      return this;
    }

    public WriterHarness<W> build() {
      return new WriterHarness<>(this);
    }
  }
}
