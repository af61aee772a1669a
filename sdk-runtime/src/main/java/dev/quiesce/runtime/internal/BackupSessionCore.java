package dev.quiesce.runtime.internal;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.BackupType;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.ComponentBackupData;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.QuiescePolicy;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.WriterStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state machine of one backup session, separate from the requestor's handle so that the
 * coordinator's {@link SessionReaper} can end it once the handle is collected.
 *
 * <p>Phases: OPEN, PREPARED, SNAPSHOT_IN_PROGRESS, SNAPSHOT_DONE, COMPLETED; beside them the flags
 * aborted, lost and ended. Every rule about which event a writer may still get is enforced here,
 * under the monitor, at the moment the event is queued:
 *
 * <ul>
 *   <li>Thaw goes to every writer Freeze was sent to, once, before anything else is queued for it;
 *   <li>Abort goes at most once, only to writers that got PrepareBackup, never after PostSnapshot
 *       or BackupComplete;
 *   <li>BackupShutdown goes once to every participant when the session ends, after everything else.
 * </ul>
 */
final class BackupSessionCore extends AbstractSession implements FreezeWindow.Owner {
  enum Phase {
    OPEN,
    PREPARED,
    SNAPSHOT_IN_PROGRESS,
    SNAPSHOT_DONE,
    COMPLETED
  }

  private final BackupOptions options;
  private final Map<ComponentRef, Boolean> succeeded = new ConcurrentHashMap<>();

  /** Completes when the session is aborted or ends: forward waits stop then. */
  final CompletableFuture<Void> abortSignal = new CompletableFuture<>();

  private Phase phase = Phase.OPEN;
  private boolean aborted;
  private volatile ShutdownCause cause;
  private volatile SnapshotSetId snapshotSetId;
  private volatile List<Path> volumes = List.of();
  private volatile SnapshotSet snapshotSet;
  private volatile List<WriterStatus> prepareFailures = List.of();
  private volatile SnapshotSetRun run;

  BackupSessionCore(CoordinatorImpl coordinator, long sequence, BackupOptions options) {
    super(coordinator, sequence, options.requestor(), options.selection());
    this.options = options;
  }

  BackupOptions options() {
    return options;
  }

  @Override
  BackupType requireBackupType() {
    return options.backupType();
  }

  @Override
  SnapshotSetId requireSnapshotSetId() {
    SnapshotSetId current = snapshotSetId;
    if (current == null) {
      return super.requireSnapshotSetId();
    }
    return current;
  }

  @Override
  List<Path> volumes() {
    return volumes;
  }

  @Override
  Path snapshotPathOf(Path original) {
    SnapshotSet set = snapshotSet;
    if (set == null) {
      return super.snapshotPathOf(original);
    }
    return set.pathOf(original);
  }

  @Override
  boolean backupSucceeded(ComponentRef component) {
    return succeeded.getOrDefault(component, false);
  }

  @Override
  ShutdownCause shutdownCause() {
    ShutdownCause c = cause;
    if (c == null) {
      return super.shutdownCause();
    }
    return c;
  }

  @Override
  boolean selectableLocked() {
    return phase == Phase.OPEN && !aborted;
  }

  @Override
  boolean stoppedLocked() {
    return aborted || super.stoppedLocked();
  }

  // ---- requestor steps ----

  void prepareForBackup() {
    op(
        "prepareForBackup",
        () -> {
          ensureIdentified();
          Map<Participant, CompletableFuture<EventOutcome>> futures;
          synchronized (this) {
            requirePhase("prepareForBackup", Phase.OPEN);
            List<Participant> selected = applySelectionLocked();
            Dependencies.check(id(), selected, this::metadataOf);
            futures = sendLocked(selected, WriterEvent.PREPARE_BACKUP);
            phase = Phase.PREPARED;
          }
          Map<Participant, EventOutcome> outcomes =
              await(futures, abortSignal, WriterEvent.PREPARE_BACKUP);
          throwIfStopped("prepareForBackup");
          List<Participant> failed = vetoes(outcomes);
          if (!failed.isEmpty()) {
            if (options.quiescePolicy() == QuiescePolicy.FAIL) {
              throw fail("PrepareBackup failed", failed, null);
            }
            synchronized (this) {
              failed.forEach(this::dropLocked);
            }
            prepareFailures = statuses(failed);
            log.warn("PrepareBackup failed for {}; going on without them", names(failed));
          }
        });
  }

  SnapshotSet doSnapshotSet(Collection<Path> paths) {
    return op(
        "doSnapshotSet",
        () -> begin("doSnapshotSet", SnapshotSetId.random(), paths, null).runAll());
  }

  /** A snapshot set spanning several coordinators: this one's steps. */
  SnapshotSetRun beginSnapshotSet(SnapshotSetId id, Collection<Path> paths, Duration window) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(window, "freezeWindow");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the set's freeze window must be positive: " + window);
    }
    return op("beginSnapshotSet", () -> begin("beginSnapshotSet", id, paths, window));
  }

  /** Starts the snapshot set: PREPARED to SNAPSHOT_IN_PROGRESS, under the given id. */
  private SnapshotSetRun begin(
      String step, SnapshotSetId id, Collection<Path> paths, Duration window) {
    List<Path> normalized = SnapshotSetRun.normalize(paths);
    synchronized (this) {
      requirePhase(step, Phase.PREPARED);
      SnapshotSetRun started = new SnapshotSetRun(this, id, normalized, window);
      phase = Phase.SNAPSHOT_IN_PROGRESS;
      volumes = normalized;
      snapshotSetId = id;
      run = started;
      log.info("snapshot set {} of {}", id, normalized);
      return started;
    }
  }

  /** The steps' close before finish: aborts the set unless it is stopped or done already. */
  void abortSet(String why) {
    synchronized (this) {
      if (endedLocked() || aborted || phase != Phase.SNAPSHOT_IN_PROGRESS) {
        return;
      }
      aborted = true;
      log.warn("{}: aborting it", why);
      abortLocked();
    }
    abortSignal.complete(null);
  }

  /** The writers left out after failing PrepareBackup (only under CONTINUE_CRASH_CONSISTENT). */
  List<WriterStatus> prepareFailures() {
    return prepareFailures;
  }

  /** PostSnapshot is about to be sent: the snapshot exists. */
  void snapshotTaken(SnapshotSet set) {
    snapshotSet = set;
  }

  synchronized void snapshotSetDone() {
    if (phase == Phase.SNAPSHOT_IN_PROGRESS) {
      phase = Phase.SNAPSHOT_DONE;
    }
  }

  synchronized void setPreviousBackupStamp(ComponentRef component, String stamp) {
    requirePhase("setPreviousBackupStamp", Phase.OPEN);
    document().setPreviousStamp(component, stamp);
  }

  /** The document for every selected component, as the writers left it so far. */
  synchronized List<ComponentBackupData> backupComponents() {
    List<ComponentBackupData> data = new ArrayList<>();
    for (Participant p : participantsLocked()) {
      BackupType type = effectiveBackupType(p);
      p.selectedComponents().stream()
          .sorted()
          .forEach(
              c -> data.add(document().backupData(new ComponentRef(p.writer().name(), c), type)));
    }
    return List.copyOf(data);
  }

  void setBackupSucceeded(ComponentRef component, boolean ok) {
    succeeded.put(component, ok);
  }

  void backupComplete() {
    op(
        "backupComplete",
        () -> {
          Map<Participant, CompletableFuture<EventOutcome>> futures;
          synchronized (this) {
            requirePhase("backupComplete", Phase.PREPARED, Phase.SNAPSHOT_DONE);
            futures =
                sendLocked(
                    activeLocked().stream().filter(p -> !p.wasSent(WriterEvent.ABORT)).toList(),
                    WriterEvent.BACKUP_COMPLETE);
            phase = Phase.COMPLETED;
          }
          Map<Participant, EventOutcome> outcomes =
              await(futures, endSignal, WriterEvent.BACKUP_COMPLETE);
          List<Participant> failed = withFailure(outcomes);
          if (!failed.isEmpty()) {
            throw new QuiesceException(
                id(), "BackupComplete failed (the backup is complete)", statuses(failed), null);
          }
        });
  }

  List<WriterStatus> gatherWriterStatus() {
    return statusNow();
  }

  /** The requestor's abort: may come from any thread, at any time. */
  void abort() {
    synchronized (this) {
      if (endedLocked() || aborted) {
        return;
      }
      if (phase == Phase.COMPLETED) {
        log.info("abort() after BackupComplete: nothing to abort");
        return;
      }
      aborted = true;
      log.warn("aborted by the requestor in phase {}", phase);
      abortLocked();
    }
    abortSignal.complete(null);
  }

  /**
   * Aborts because a step failed, and returns the exception for the requestor: every frozen writer
   * is thawed, then the participants get Abort.
   */
  QuiesceException fail(String message, List<Participant> failed, Throwable cause) {
    synchronized (this) {
      if (!aborted && !endedLocked()) {
        aborted = true;
        abortLocked();
      }
    }
    abortSignal.complete(null);
    List<WriterStatus> statuses = statuses(failed);
    log.error("{}; the backup is aborted. {}", message, statuses);
    return new QuiesceException(id(), message + "; the backup is aborted", statuses, cause);
  }

  void throwIfStopped(String step) {
    synchronized (this) {
      if (endedLocked()) {
        throw new QuiesceException(
            id(), step + ": the session ended meanwhile (" + cause + ")", List.of(), null);
      }
      if (aborted) {
        throw new QuiesceException(
            id(), step + ": the backup was aborted meanwhile", List.of(), null);
      }
    }
  }

  // ---- under the monitor ----

  private void requirePhase(String step, Phase... allowed) {
    if (aborted) {
      throw new IllegalStateException(
          "session " + id() + " was aborted; " + step + "() is refused");
    }
    for (Phase p : allowed) {
      if (phase == p) {
        return;
      }
    }
    throw new IllegalStateException(
        "session "
            + id()
            + ": "
            + step
            + "() is not allowed in phase "
            + phase
            + (aborted ? " (aborted)" : ""));
  }

  /** Participants with a selected component still in the snapshot set. */
  List<Participant> activeLocked() {
    return participantsLocked().stream().filter(p -> p.selected() && !p.dropped()).toList();
  }

  /** Queues Thaw for every writer Freeze was sent to and Thaw was not, reverse level order. */
  Map<Participant, CompletableFuture<EventOutcome>> thawOwedLocked(ApplicationLevel onlyLevel) {
    List<Participant> owed =
        participantsLocked().stream()
            .filter(p -> p.wasSent(WriterEvent.FREEZE) && !p.wasSent(WriterEvent.THAW))
            .filter(p -> onlyLevel == null || p.writer().level() == onlyLevel)
            .sorted(Comparator.comparing((Participant p) -> p.writer().level()).reversed())
            .toList();
    return sendLocked(owed, WriterEvent.THAW);
  }

  /** Thaws every writer still frozen; the freeze window closes (watchdog disarmed, lock freed). */
  void thawAllLocked() {
    thawOwedLocked(null);
    SnapshotSetRun r = run;
    if (r != null) {
      r.windowClosed();
    }
  }

  /** Thaws what is owed, then sends Abort to each participant that may still get one. */
  void abortLocked() {
    thawAllLocked();
    List<Participant> toAbort =
        participantsLocked().stream().filter(BackupSessionCore::mayAbort).toList();
    sendLocked(toAbort, WriterEvent.ABORT);
  }

  /** Leaves {@code p} out of the rest of the snapshot set: thaw if owed, then Abort. */
  void dropLocked(Participant p) {
    p.drop();
    if (p.wasSent(WriterEvent.FREEZE) && !p.wasSent(WriterEvent.THAW)) {
      sendLocked(List.of(p), WriterEvent.THAW);
    }
    if (mayAbort(p)) {
      sendLocked(List.of(p), WriterEvent.ABORT);
    }
  }

  private static boolean mayAbort(Participant p) {
    return p.wasSent(WriterEvent.PREPARE_BACKUP)
        && !p.wasSent(WriterEvent.ABORT)
        && !p.wasSent(WriterEvent.POST_SNAPSHOT)
        && !p.wasSent(WriterEvent.BACKUP_COMPLETE)
        && !p.wasSent(WriterEvent.BACKUP_SHUTDOWN);
  }

  @Override
  public Duration freezeTimeout(Participant p) {
    return timeout(p, WriterEvent.FREEZE);
  }

  /** The watchdog: {@code p}'s freeze window expired. Thaws every frozen writer. */
  @Override
  public synchronized boolean freezeWindowExpired(Participant p, long windowMillis) {
    if (p.wasSent(WriterEvent.THAW)) {
      return false;
    }
    String message =
        "freeze window of " + windowMillis + " ms expired before Thaw; the watchdog thawed it";
    p.fail(WriterEvent.FREEZE, WriterFailure.TIMEOUT, message);
    log.error("writer '{}': {}; thawing every frozen writer", p.writer().name(), message);
    thawAllLocked();
    return true;
  }

  /**
   * The watchdog: the set's own freeze window of {@code windowMillis} ended. Every writer still
   * frozen fails with a timeout and everyone is thawed; from now on the set can only fail.
   *
   * @return false if the window had closed already (everything thawed in time)
   */
  @Override
  public synchronized boolean setWindowExpired(long windowMillis) {
    SnapshotSetRun r = run;
    if (r == null || r.windowClosedAlready() || endedLocked()) {
      return false;
    }
    String message =
        "the snapshot set's freeze window of "
            + windowMillis
            + " ms expired before Thaw; the watchdog thawed it";
    List<Participant> frozen =
        participantsLocked().stream()
            .filter(p -> p.wasSent(WriterEvent.FREEZE) && !p.wasSent(WriterEvent.THAW))
            .toList();
    frozen.forEach(p -> p.fail(WriterEvent.FREEZE, WriterFailure.TIMEOUT, message));
    log.error(
        "snapshot set {}: its freeze window of {} ms ended; thawing every frozen writer {}",
        snapshotSetId,
        windowMillis,
        names(frozen));
    thawAllLocked();
    return true;
  }

  // ---- ending ----

  /** close(): BackupShutdown to everyone, then a bounded wait for them. */
  void close() {
    Map<Participant, CompletableFuture<EventOutcome>> shutdowns = end(null);
    await(shutdowns, new CompletableFuture<>(), coordinator.config().closeWait());
  }

  /** The requestor is gone: end at once, without waiting. */
  void requestorLost() {
    end(ShutdownCause.REQUESTOR_LOST);
  }

  /**
   * The coordinator is closing: end at once with {@link ShutdownCause#COORDINATOR_CLOSED}.
   *
   * @return completes when every writer's BackupShutdown has returned (or failed)
   */
  CompletableFuture<Void> coordinatorClosed() {
    return CompletableFuture.allOf(
        end(ShutdownCause.COORDINATOR_CLOSED).values().toArray(CompletableFuture[]::new));
  }

  /** The handle was garbage-collected unclosed (the reaper's action). */
  void collected() {
    synchronized (this) {
      if (endedLocked()) {
        return;
      }
    }
    log.warn("the requestor dropped the session without closing it; ending it as REQUESTOR_LOST");
    end(ShutdownCause.REQUESTOR_LOST);
  }

  /**
   * Ends the session: thaws what is frozen, aborts a snapshot set in progress, sends
   * BackupShutdown.
   *
   * @param forced the cause when the session is ended from outside (requestor lost, coordinator
   *     closed); null when the requestor closed it, and the cause follows from how far it got
   * @return the BackupShutdown deliveries; empty if the session had ended already
   */
  private Map<Participant, CompletableFuture<EventOutcome>> end(ShutdownCause forced) {
    Map<Participant, CompletableFuture<EventOutcome>> shutdowns;
    synchronized (this) {
      if (!markEndedLocked()) {
        return Map.of();
      }
      cause =
          forced != null
              ? forced
              : aborted
                  ? ShutdownCause.ABORTED
                  : phase == Phase.COMPLETED
                      ? ShutdownCause.COMPLETED
                      : ShutdownCause.RELEASED_EARLY;
      thawAllLocked();
      if (phase == Phase.SNAPSHOT_IN_PROGRESS && !aborted) {
        log.warn("the snapshot set in progress is abandoned ({}): aborting it", cause);
        abortLocked();
      }
      shutdowns = sendLocked(new ArrayList<>(participantsLocked()), WriterEvent.BACKUP_SHUTDOWN);
    }
    abortSignal.complete(null);
    endSignal.complete(null);
    SnapshotSetRun r = run;
    if (r != null) {
      r.released();
    }
    SnapshotSet set = snapshotSet;
    snapshotSet = null;
    if (set != null) {
      try {
        set.close();
      } catch (RuntimeException e) {
        log.error("could not release snapshot set {}: {}", set.id(), e.toString(), e);
      }
    }
    coordinator.sessionEnded(this);
    log.info("ended ({}); BackupShutdown sent to {}", cause, names(shutdowns.keySet()));
    shutdowns.forEach((p, f) -> f.whenComplete((o, t) -> p.release()));
    return shutdowns;
  }
}
