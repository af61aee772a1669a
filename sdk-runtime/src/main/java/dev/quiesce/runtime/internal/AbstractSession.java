package dev.quiesce.runtime.internal;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.Requestor;
import dev.quiesce.api.RestoreType;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.metadata.Component;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.ComponentSelection;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.WriterStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * What backup and restore sessions share: the participants (one per writer that received an event),
 * Identify, the selection, sending a phase's event to many writers and waiting for them within
 * their deadlines, and the view of the session that event contexts and {@code WriterContext} read.
 *
 * <p>Locking: the session's monitor guards its state and every participant's "sent" flags; events
 * are only queued (never run) under it, so it is held briefly. Requestor calls take {@link #opLock}
 * (one call at a time per session); abort, a lost requestor and the watchdog never do, so they are
 * never stuck behind a requestor call that waits for writers.
 */
abstract class AbstractSession {
  private static final Duration WAIT_GRACE = Duration.ofSeconds(2);

  final CoordinatorImpl coordinator;
  final SessionLog log;
  private final SessionId id = SessionId.random();
  private final long sequence;
  private final Requestor requestor;
  private final ComponentSelection selection;
  private final Set<ComponentRef> extraSelection = ConcurrentHashMap.newKeySet();
  private final Map<WriterRegistration, Participant> participants = new LinkedHashMap<>();
  private final Map<WriterRegistration, WriterMetadata> metadata = new ConcurrentHashMap<>();
  private final ReentrantLock opLock = new ReentrantLock();
  private final ComponentDocument document = new ComponentDocument();

  /** Completes when the session ends. */
  final CompletableFuture<Void> endSignal = new CompletableFuture<>();

  private volatile boolean identified;
  private boolean ended;

  AbstractSession(
      CoordinatorImpl coordinator,
      long sequence,
      Requestor requestor,
      ComponentSelection selection) {
    this.coordinator = coordinator;
    this.sequence = sequence;
    this.requestor = requestor;
    this.selection = selection;
    this.log = new SessionLog(LoggerFactory.getLogger(getClass()), id);
  }

  SessionId id() {
    return id;
  }

  long sequence() {
    return sequence;
  }

  Requestor requestor() {
    return requestor;
  }

  // ---- the view event contexts and WriterContext read; overridden where a session knows more ----

  SnapshotSetId requireSnapshotSetId() {
    throw new IllegalStateException("session " + id + " has no snapshot set in progress");
  }

  List<Path> volumes() {
    return List.of();
  }

  Path snapshotPathOf(Path original) {
    throw new IllegalStateException("session " + id + " has no snapshot");
  }

  boolean isPathAffected(Path path) {
    Path p = path.toAbsolutePath().normalize();
    return volumes().stream().anyMatch(p::startsWith);
  }

  BackupType requireBackupType() {
    throw new IllegalStateException("session " + id + " is a restore, not a backup");
  }

  RestoreType requireRestoreType() {
    throw new IllegalStateException("session " + id + " is a backup, not a restore");
  }

  Optional<Path> alternateLocation() {
    return Optional.empty();
  }

  boolean backupSucceeded(ComponentRef component) {
    return false;
  }

  ShutdownCause shutdownCause() {
    throw new IllegalStateException("session " + id + " has no BackupShutdown");
  }

  Object newSessionState(Class<?> type) {
    return coordinator.newSessionState(type);
  }

  /** The session's Backup Components Document. */
  ComponentDocument document() {
    return document;
  }

  /**
   * The type {@code p}'s backup is done as: the requested type, or FULL when the writer's backup
   * schema does not support it.
   */
  BackupType effectiveBackupType(Participant p) {
    BackupType requested = requireBackupType();
    return metadataOf(p.writer()).map(m -> m.effectiveBackupType(requested)).orElse(requested);
  }

  void identified(WriterRegistration writer, WriterMetadata writerMetadata) {
    metadata.put(writer, writerMetadata);
  }

  /** What {@code writer} answered to Identify in this session, if it did. */
  Optional<WriterMetadata> metadataOf(WriterRegistration writer) {
    return Optional.ofNullable(metadata.get(writer));
  }

  // ---- state ----

  /** Whether forward events may no longer be sent; under the monitor. */
  boolean stoppedLocked() {
    return ended;
  }

  /** Marks the session ended; under the monitor. Returns false if it had ended already. */
  boolean markEndedLocked() {
    if (ended) {
      return false;
    }
    ended = true;
    return true;
  }

  boolean endedLocked() {
    return ended;
  }

  /** The participants so far, in subscription order; under the monitor. */
  Collection<Participant> participantsLocked() {
    return participants.values();
  }

  /** Runs a requestor call: one at a time, and not after the session ended. */
  final <T> T op(String name, Supplier<T> body) {
    if (!opLock.tryLock()) {
      throw new IllegalStateException(
          "session " + id + ": " + name + "() called while another call on the session runs");
    }
    try {
      synchronized (this) {
        if (ended) {
          throw new IllegalStateException(
              "session " + id + " has ended; " + name + "() is too late");
        }
      }
      return body.get();
    } finally {
      opLock.unlock();
    }
  }

  final void op(String name, Runnable body) {
    op(
        name,
        () -> {
          body.run();
          return null;
        });
  }

  // ---- sending and waiting ----

  private Participant participantLocked(WriterRegistration writer) {
    return participants.computeIfAbsent(
        writer,
        w ->
            new Participant(
                w,
                this,
                new WriterLane(
                    w.name(),
                    coordinator.threads().handlers(),
                    coordinator.threads().deadlines(),
                    log)));
  }

  /** How long {@code p} has for {@code event}: Freeze is also bounded by its freeze window. */
  Duration timeout(Participant p, WriterEvent event) {
    Duration configured = coordinator.config().timeout(event);
    if (event == WriterEvent.FREEZE) {
      Duration window = Duration.ofMillis(p.writer().descriptor().freezeTimeoutMillis());
      return window.compareTo(configured) < 0 ? window : configured;
    }
    return configured;
  }

  /** Queues {@code event} for each of {@code ps}; under the monitor. */
  Map<Participant, CompletableFuture<EventOutcome>> sendLocked(
      Collection<Participant> ps, WriterEvent event) {
    Map<Participant, CompletableFuture<EventOutcome>> futures = new LinkedHashMap<>();
    for (Participant p : ps) {
      futures.put(p, p.send(event, timeout(p, event)));
    }
    if (!ps.isEmpty()) {
      log.debug("{} sent to {}", event, names(ps));
    }
    return futures;
  }

  /**
   * Waits until every future completes (each completes by its handler's deadline) or {@code
   * interrupt} completes. Outcomes not there yet are missing from the result.
   */
  Map<Participant, EventOutcome> await(
      Map<Participant, CompletableFuture<EventOutcome>> futures,
      CompletableFuture<?> interrupt,
      WriterEvent event) {
    Duration bound = Duration.ZERO;
    for (Participant p : futures.keySet()) {
      Duration t = timeout(p, event);
      bound = t.compareTo(bound) > 0 ? t : bound;
    }
    return await(futures, interrupt, bound.plus(WAIT_GRACE));
  }

  Map<Participant, EventOutcome> await(
      Map<Participant, CompletableFuture<EventOutcome>> futures,
      CompletableFuture<?> interrupt,
      Duration bound) {
    try {
      return PhaseWait.await(futures, interrupt, bound, log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuiesceException(id, "interrupted while waiting for writers", List.of(), e);
    }
  }

  static List<Participant> vetoes(Map<Participant, EventOutcome> outcomes) {
    List<Participant> failed = new ArrayList<>();
    outcomes.forEach(
        (p, o) -> {
          if (o.vetoes()) {
            failed.add(p);
          }
        });
    return failed;
  }

  static List<Participant> withFailure(Map<Participant, EventOutcome> outcomes) {
    List<Participant> failed = new ArrayList<>();
    outcomes.forEach(
        (p, o) -> {
          if (o.hasFailure()) {
            failed.add(p);
          }
        });
    return failed;
  }

  static List<WriterStatus> statuses(Collection<Participant> ps) {
    return ps.stream().map(Participant::status).toList();
  }

  static String names(Collection<Participant> ps) {
    return ps.stream().map(p -> p.writer().name()).toList().toString();
  }

  // ---- Identify and selection ----

  /** Sends Identify to every subscribed writer; those that answer give their metadata. */
  List<WriterMetadata> gatherWriterMetadataNow() {
    Map<Participant, CompletableFuture<EventOutcome>> futures;
    synchronized (this) {
      if (stoppedLocked()) {
        throw stopped("gatherWriterMetadata");
      }
      List<Participant> ps =
          coordinator.registrations().stream().map(this::participantLocked).toList();
      futures = sendLocked(ps, WriterEvent.IDENTIFY);
    }
    Map<Participant, EventOutcome> outcomes = await(futures, endSignal, WriterEvent.IDENTIFY);
    List<WriterMetadata> result = new ArrayList<>();
    for (Participant p : futures.keySet()) {
      EventOutcome o = outcomes.get(p);
      WriterMetadata m = metadata.get(p.writer());
      if (o == null || o.vetoes() || m == null) {
        metadata.remove(p.writer());
        log.warn(
            "writer '{}' is left out: Identify {}",
            p.writer().name(),
            o == null ? "not answered" : o.message());
      } else {
        if (m.components().isEmpty()) {
          // nothing to select: the writer silently gets no other event of the session but its end
          log.warn(
              "writer '{}' declared no component in Identify, so no backup or restore can select it:"
                  + " it gets no other event of this session (a backup still ends with its"
                  + " BackupShutdown). Declare what it owns in its @OnIdentify handler:"
                  + " ctx.component(name).files(...)",
              p.writer().name());
        }
        result.add(m);
      }
    }
    identified = true;
    log.info("Identify: {} of {} writers answered", result.size(), futures.size());
    return List.copyOf(result);
  }

  void ensureIdentified() {
    if (!identified) {
      gatherWriterMetadataNow();
    }
  }

  void selectNow(ComponentRef ref) {
    synchronized (this) {
      if (!selectableLocked()) {
        throw new IllegalStateException(
            "session " + id + ": select() must come before the writers are prepared");
      }
    }
    ensureIdentified();
    boolean known =
        metadata.entrySet().stream()
            .anyMatch(
                e ->
                    e.getKey().name().equals(ref.writer())
                        && e.getValue().component(ref.component()).isPresent());
    if (!known) {
      throw new IllegalArgumentException(
          "session " + id + ": no writer that answered Identify has component " + ref);
    }
    extraSelection.add(ref);
  }

  /** Whether components may still be selected; under the monitor. */
  abstract boolean selectableLocked();

  /** Marks each identified writer's selected components; returns the selected participants. */
  List<Participant> applySelectionLocked() {
    List<Participant> selected = new ArrayList<>();
    for (Participant p : participants.values()) {
      WriterMetadata m = metadata.get(p.writer());
      if (m == null) {
        continue;
      }
      Set<String> chosen = new HashSet<>();
      for (Component c : m.components()) {
        if (selection.selects(m.writerName(), c)
            || extraSelection.contains(new ComponentRef(m.writerName(), c.name()))) {
          chosen.add(c.name());
        }
      }
      if (!chosen.isEmpty()) {
        m.components().stream().filter(c -> !c.selectable()).forEach(c -> chosen.add(c.name()));
        p.select(chosen);
        selected.add(p);
      }
    }
    log.info("selected writers: {}", names(selected));
    return selected;
  }

  /** The components selected so far, writer by writer (empty before the writers are prepared). */
  synchronized List<ComponentRef> selectedNow() {
    List<ComponentRef> refs = new ArrayList<>();
    for (Participant p : participants.values()) {
      p.selectedComponents().stream()
          .sorted()
          .forEach(c -> refs.add(new ComponentRef(p.writer().name(), c)));
    }
    return List.copyOf(refs);
  }

  synchronized List<WriterStatus> statusNow() {
    return statuses(participants.values());
  }

  QuiesceException stopped(String step) {
    return new QuiesceException(
        id, step + ": the session was aborted or has ended", List.of(), null);
  }
}
