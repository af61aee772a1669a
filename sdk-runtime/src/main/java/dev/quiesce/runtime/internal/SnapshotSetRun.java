package dev.quiesce.runtime.internal;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotPreparation;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.QuiescePolicy;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.WriterStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One snapshot set, step by step: provider check and PrepareSnapshot (all in parallel), the
 * provider's preparation (a pre-copy, released once the snapshot is taken or the set failed), then
 * the freeze window lock; Freeze level by level (FRONT_END, BACK_END, SYSTEM; each level in
 * parallel); the provider's snapshot; Thaw level by level in reverse; PostSnapshot. {@code
 * doSnapshotSet} runs the steps back to back ({@link #runAll}); a requestor over several
 * coordinators runs each step on every member before the next ({@link
 * dev.quiesce.runtime.SnapshotSetSteps}). Steps run on the requestor's thread, one at a time (the
 * session's op lock); every wait is bounded by the writers' deadlines, the freeze window, or the
 * session being aborted or lost.
 *
 * <p>Whatever happens, every writer Freeze was sent to is thawed (Thaw and post hooks on every
 * path: the lesson of Velero #511 and Kanister #1297) and the freeze window lock released: a step
 * that fails closes the run, which aborts the set; between steps the watchdog ({@link
 * FreezeWindow}) and the session's end (abort, lost requestor, closed coordinator) do it, since no
 * thread of the requestor is there to.
 *
 * <h2>Files that vanished from the copy</h2>
 *
 * A provider that copies file by file reports the files it listed but found gone when it copied
 * them ({@link Snapshot#vanished()}); it cannot know whose they were. Here, where it is known who
 * was frozen, such a file is judged while the writers are still frozen:
 *
 * <ul>
 *   <li>A file of a selected component (not excluded) of a writer that was frozen means the writer
 *       did not hold its files still: its copy lacks data it declared, so it is not
 *       application-consistent. That is a quiesce failure of that writer ({@code FAILED_AT_FREEZE},
 *       {@link WriterFailure#INCONSISTENT_SNAPSHOT}, the files named in its status) and the policy
 *       decides as for a veto: {@link QuiescePolicy#FAIL} aborts the set (the copy is released,
 *       every writer thawed); {@link QuiescePolicy#CONTINUE_CRASH_CONSISTENT} goes on with the
 *       writer thawed and left out, and the set marked not quiesced.
 *   <li>Any other file (excluded, outside every selected component, or of a writer that was not
 *       frozen, whose data is crash-consistent anyway) is how a live directory looks: it is logged
 *       and the set goes on; {@link SnapshotSet#vanished()} lists it.
 * </ul>
 */
final class SnapshotSetRun {
  private final BackupSessionCore session;
  private final SnapshotSetId id;
  private final List<Path> paths;
  private final Duration setWindow;
  private final QuiescePolicy policy;
  private final SnapshotProvider provider;
  private final List<WriterStatus> quiesceFailures = new ArrayList<>();
  private final AtomicBoolean lockHeld = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The next step allowed; only the requestor's thread (under the op lock) moves it. */
  private SnapshotSetStep next = SnapshotSetStep.PREPARE;

  private volatile FreezeWindow window;
  private long frozenFrom;

  /** From the first Freeze sent to the last Thaw returned: how long writers were held. */
  private Duration frozenFor = Duration.ZERO;

  private boolean expiryHandled;

  /** The provider's copy until it is handed out in the set; guarded by this. */
  private Snapshot snapshot;

  /** What the provider prepared before the freeze, until the snapshot is taken; guarded by this. */
  private SnapshotPreparation preparation = SnapshotPreparation.NONE;

  private volatile boolean finished;

  /**
   * @param setWindow the set's own freeze window, or null for none (doSnapshotSet: each writer's
   *     own window only)
   */
  SnapshotSetRun(
      BackupSessionCore session, SnapshotSetId id, List<Path> paths, Duration setWindow) {
    this.session = session;
    this.id = id;
    this.paths = paths;
    this.setWindow = setWindow;
    this.policy = session.options().quiescePolicy();
    this.provider = session.coordinator.provider();
    quiesceFailures.addAll(session.prepareFailures());
  }

  /** The paths, absolute, normalized and without duplicates; refuses none. */
  static List<Path> normalize(Collection<Path> paths) {
    List<Path> all = paths.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    if (all.isEmpty()) {
      throw new IllegalArgumentException("a snapshot set needs at least one path");
    }
    return all;
  }

  /** doSnapshotSet: every step back to back; on any failure the run is closed (set aborted). */
  SnapshotSet runAll() {
    try {
      prepare();
      for (ApplicationLevel level : ApplicationLevel.values()) {
        freeze(level);
      }
      snapshot();
      for (ApplicationLevel level : reversedLevels()) {
        thaw(level);
      }
      return finish();
    } finally {
      close();
    }
  }

  SnapshotSetId id() {
    return id;
  }

  Instant thawDeadline() {
    FreezeWindow w = window;
    return w == null ? Instant.MAX : w.deadline();
  }

  // ---- the steps ----

  void prepare() {
    step(
        SnapshotSetStep.PREPARE,
        () -> {
          try {
            provider.check(paths);
          } catch (IOException | RuntimeException e) {
            throw session.fail(
                "snapshot provider '"
                    + provider.name()
                    + "' cannot snapshot "
                    + paths
                    + ": "
                    + e.getMessage(),
                List.of(),
                e);
          }
          try {
            provider.beginPrepare(id, paths);
          } catch (IOException | RuntimeException e) {
            throw session.fail(
                "snapshot provider '" + provider.name() + "' could not prepare: " + e.getMessage(),
                List.of(),
                e);
          }
          sendAndCheck(WriterEvent.PREPARE_SNAPSHOT);
          prepareProvider();
          takeFreezeLock();
        });
  }

  void freeze(ApplicationLevel level) {
    step(
        SnapshotSetStep.freeze(level),
        () -> {
          if (level == ApplicationLevel.FRONT_END) {
            FreezeWindow w = new FreezeWindow(session, session.coordinator.threads().timers());
            synchronized (session) {
              throwIfStoppedLocked();
              window = w;
              frozenFrom = System.nanoTime();
              if (setWindow != null) {
                w.armSet(setWindow);
              }
            }
          }
          checkWindowBeforeSnapshot(SnapshotSetStep.freeze(level));
          if (window.isExpired()) {
            return; // going on crash-consistent: nobody is frozen any more
          }
          Map<Participant, CompletableFuture<EventOutcome>> futures;
          synchronized (session) {
            throwIfStoppedLocked();
            List<Participant> ps =
                window.isDisarmed()
                    ? List.of() // the watchdog thawed everyone meanwhile: freeze nobody more
                    : session.activeLocked().stream()
                        .filter(p -> p.writer().level() == level)
                        .toList();
            futures = session.sendLocked(ps, WriterEvent.FREEZE);
            ps.forEach(window::arm);
          }
          Map<Participant, EventOutcome> outcomes =
              session.await(
                  futures,
                  CompletableFuture.anyOf(session.abortSignal, window.expired()),
                  WriterEvent.FREEZE);
          window.expireWhereFreezeOutlivedItsWindow(outcomes);
          checkWindowBeforeSnapshot(SnapshotSetStep.freeze(level));
          if (window.isExpired()) {
            return;
          }
          session.throwIfStopped(SnapshotSetStep.freeze(level).call());
          handleVetoes(WriterEvent.FREEZE, outcomes);
        });
  }

  void snapshot() {
    step(
        SnapshotSetStep.SNAPSHOT,
        () -> {
          checkWindowBeforeSnapshot(SnapshotSetStep.SNAPSHOT);
          Snapshot taken;
          try {
            taken = take();
          } finally {
            releasePreparation();
          }
          synchronized (this) {
            if (closed.get()) {
              closeQuietly(taken);
              throw stopped(SnapshotSetStep.SNAPSHOT);
            }
            snapshot = taken;
          }
        });
  }

  void thaw(ApplicationLevel level) {
    SnapshotSetStep step = SnapshotSetStep.thaw(level);
    step(
        step,
        () -> {
          checkSetWindow(step);
          Map<Participant, CompletableFuture<EventOutcome>> futures;
          synchronized (session) {
            futures = session.thawOwedLocked(level);
          }
          Map<Participant, EventOutcome> outcomes =
              session.await(futures, session.abortSignal, WriterEvent.THAW);
          session.throwIfStopped(step.call());
          checkSetWindow(step);
          handleVetoes(WriterEvent.THAW, outcomes);
          if (level == ApplicationLevel.FRONT_END) {
            frozenFor = Duration.ofNanos(System.nanoTime() - frozenFrom);
            if (window.isExpired() && !expiryHandled) {
              expiredDuringThaw();
            }
            synchronized (session) {
              session.thawOwedLocked(null);
              windowClosed();
            }
          }
        });
  }

  SnapshotSet finish() {
    return step(
        SnapshotSetStep.FINISH,
        () -> {
          Snapshot taken;
          synchronized (this) {
            taken = snapshot;
            snapshot = null;
          }
          SnapshotSet set =
              new SnapshotSet(taken, provider.name(), policy, quiesceFailures, frozenFor);
          boolean handedOut = false;
          try {
            Map<Participant, CompletableFuture<EventOutcome>> futures;
            synchronized (session) {
              throwIfStoppedLocked();
              session.snapshotTaken(set);
              futures = session.sendLocked(session.activeLocked(), WriterEvent.POST_SNAPSHOT);
            }
            Map<Participant, EventOutcome> outcomes =
                session.await(futures, session.endSignal, WriterEvent.POST_SNAPSHOT);
            List<Participant> failed = AbstractSession.withFailure(outcomes);
            if (!failed.isEmpty()) {
              session.log.error(
                  "PostSnapshot failed for {} (no Abort after PostSnapshot; see their status)",
                  AbstractSession.statuses(failed));
            }
            session.snapshotSetDone();
            session.throwIfStopped(SnapshotSetStep.FINISH.call());
            handedOut = true;
            finished = true;
            session.log.info(
                "snapshot set {} taken by '{}': {}",
                id,
                provider.name(),
                set.quiesced() ? "application-consistent" : "CRASH-CONSISTENT " + quiesceFailures);
            return set;
          } finally {
            if (!handedOut) {
              set.close();
            }
          }
        });
  }

  /**
   * Ends the run: a set not finished is aborted (every frozen writer thawed at once, then Abort),
   * the window and its lock released, a snapshot not handed out released. Any thread; idempotent.
   */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (!finished) {
      session.abortSet("the snapshot set " + id + " was closed before it was finished");
    }
    released();
  }

  /** The session ended (its end thawed everything): let go of what the run still holds. */
  void released() {
    synchronized (session) {
      windowClosed();
    }
    Snapshot left;
    synchronized (this) {
      left = snapshot;
      snapshot = null;
    }
    if (left != null) {
      closeQuietly(left);
    }
    releasePreparation();
  }

  /** The provider's work before the freeze (a pre-copy), once PrepareSnapshot is done. */
  private void prepareProvider() {
    SnapshotPreparation prepared;
    try {
      prepared = provider.prepare(id, paths);
    } catch (IOException | RuntimeException e) {
      throw session.fail(
          "snapshot provider '" + provider.name() + "' could not prepare: " + e.getMessage(),
          List.of(),
          e);
    }
    boolean keep;
    synchronized (this) {
      keep = !closed.get();
      if (keep) {
        preparation = prepared;
      }
    }
    if (!keep) {
      release(prepared);
      throw stopped(SnapshotSetStep.PREPARE);
    }
  }

  /** Releases the provider's preparation, once: after the take, or when the run ends without it. */
  private void releasePreparation() {
    SnapshotPreparation left;
    synchronized (this) {
      left = preparation;
      preparation = SnapshotPreparation.NONE;
    }
    release(left);
  }

  private void release(SnapshotPreparation prepared) {
    try {
      prepared.close();
    } catch (IOException | RuntimeException e) {
      session.log.error("could not release the provider's preparation of {}: {}", id, e, e);
    }
  }

  /**
   * Every writer was thawed (or is being): disarms the watchdog and gives the freeze window lock
   * back, once. Under the session monitor, so no Freeze is queued meanwhile.
   */
  void windowClosed() {
    FreezeWindow w = window;
    if (w != null) {
      w.disarm();
    }
    if (lockHeld.compareAndSet(true, false)) {
      session.coordinator.freezeLock().release();
    }
  }

  /** Whether the window was closed (everything thawed) before; under the session monitor. */
  boolean windowClosedAlready() {
    FreezeWindow w = window;
    return w == null || w.isDisarmed();
  }

  // ---- what the steps share ----

  /** Runs one step: in order, one at a time; a step that throws closes the run (aborts the set). */
  private <T> T step(SnapshotSetStep step, Supplier<T> body) {
    return session.op(
        step.call(),
        () -> {
          if (next != step) {
            throw new IllegalStateException(
                "snapshot set "
                    + id
                    + ": "
                    + step.call()
                    + " called out of order; the next step is "
                    + (next == null ? "none (the set is finished)" : next.call()));
          }
          next =
              step == SnapshotSetStep.FINISH ? null : SnapshotSetStep.values()[step.ordinal() + 1];
          if (closed.get()) {
            throw stopped(step);
          }
          boolean ok = false;
          try {
            T result = body.get();
            ok = true;
            return result;
          } finally {
            if (!ok) {
              close();
            }
          }
        });
  }

  private void step(SnapshotSetStep step, Runnable body) {
    step(
        step,
        () -> {
          body.run();
          return null;
        });
  }

  private void takeFreezeLock() {
    Duration wait = session.coordinator.config().freezeWindowWait();
    boolean taken;
    try {
      taken = session.coordinator.freezeLock().acquire(wait, session.abortSignal);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw session.fail("interrupted while waiting for the freeze window", List.of(), e);
    }
    if (!taken) {
      session.throwIfStopped(SnapshotSetStep.PREPARE.call());
      throw session.fail(
          "another session's freeze window did not close within " + wait.toMillis() + " ms",
          List.of(),
          null);
    }
    boolean keep;
    synchronized (session) {
      keep = !session.stoppedLocked() && !closed.get();
      if (keep) {
        lockHeld.set(true);
      }
    }
    if (!keep) {
      session.coordinator.freezeLock().release();
      throw stopped(SnapshotSetStep.PREPARE);
    }
  }

  /** The set's own window ended: the member's copy is no longer the set's, whatever the policy. */
  private void checkSetWindow(SnapshotSetStep step) {
    FreezeWindow w = window;
    if (w != null && w.setExpired()) {
      throw session.fail(
          "the snapshot set's freeze window of "
              + setWindow.toMillis()
              + " ms ended before "
              + step.call()
              + "; every writer was thawed",
          failedParticipants(),
          null);
    }
  }

  /** Before the copy: an expired window fails the set, or leaves it crash-consistent. */
  private void checkWindowBeforeSnapshot(SnapshotSetStep step) {
    checkSetWindow(step);
    if (window.isExpired() && !expiryHandled) {
      windowExpired();
    }
  }

  private void windowExpired() {
    expiryHandled = true;
    List<Participant> failed = failedParticipants();
    if (policy == QuiescePolicy.FAIL) {
      throw session.fail("a freeze window expired; every writer was thawed", failed, null);
    }
    synchronized (session) {
      List<Participant> active = session.activeLocked();
      active.forEach(session::dropLocked);
    }
    quiesceFailures.addAll(AbstractSession.statuses(failed));
    session.log.warn("a freeze window expired; going on crash-consistent without the writers");
  }

  private Snapshot take() {
    FreezeWindow window = this.window;
    boolean windowOpen = !window.isExpired() && !nothingFrozen();
    CompletableFuture<Snapshot> taking =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return provider.take(id, paths);
              } catch (IOException e) {
                throw new CompletionException(e);
              }
            },
            session.coordinator.threads().providers());
    long bound =
        windowOpen
            ? maxWindowMillis()
            : session.coordinator.config().timeout(WriterEvent.FREEZE).toMillis();
    CompletableFuture<?> interrupt =
        windowOpen
            ? CompletableFuture.anyOf(window.expired(), session.abortSignal)
            : session.abortSignal;
    boolean interrupted = false;
    try {
      CompletableFuture.anyOf(taking, interrupt).get(bound, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      interrupted = true;
    } catch (ExecutionException | TimeoutException e) {
      session.log.debug("waiting for the provider ended: {}", e.toString());
    }
    if (!taking.isDone()) {
      taking.thenAccept(this::closeQuietly);
      session.throwIfStopped(SnapshotSetStep.SNAPSHOT.call());
      checkSetWindow(SnapshotSetStep.SNAPSHOT);
      String late;
      if (interrupted) {
        late = "' was still taking the snapshot when the requestor's thread was interrupted";
      } else if (windowOpen) {
        late = "' did not finish within the freeze window; every writer was thawed";
      } else {
        late =
            "' did not finish within "
                + bound
                + " ms, the Freeze timeout that bounds a take once nobody is frozen; raise that"
                + " timeout or find what holds the provider";
      }
      throw session.fail(
          "snapshot provider '" + provider.name() + late, failedParticipants(), null);
    }
    if (taking.isCompletedExceptionally()) {
      Throwable cause =
          taking.handle((s, t) -> t instanceof CompletionException ? t.getCause() : t).join();
      throw session.fail(
          "snapshot provider '" + provider.name() + "' failed: " + cause.getMessage(),
          List.of(),
          cause);
    }
    Snapshot taken = taking.join();
    try {
      checkSetWindow(SnapshotSetStep.SNAPSHOT);
      if (windowOpen && window.isExpired()) {
        if (policy == QuiescePolicy.FAIL) {
          throw session.fail(
              "a freeze window expired while the snapshot was taken", failedParticipants(), null);
        }
        windowExpired();
      }
      judgeVanished(taken.vanished());
    } catch (RuntimeException | Error e) {
      closeQuietly(taken);
      throw e;
    }
    return taken;
  }

  /** See the class comment: who a vanished file belonged to decides what it means. */
  private void judgeVanished(List<Path> vanished) {
    if (vanished.isEmpty()) {
      return;
    }
    Map<Participant, List<Path>> held = VanishedFiles.heldByFrozen(session, vanished);
    if (held.isEmpty()) {
      session.log.info(
          "snapshot set {}: {} entries vanished while copied, none of them a frozen writer's data;"
              + " going on: {}",
          id,
          vanished.size(),
          vanished);
      return;
    }
    List<String> each = new ArrayList<>();
    held.forEach(
        (p, files) -> {
          p.fail(
              WriterEvent.FREEZE,
              WriterFailure.INCONSISTENT_SNAPSHOT,
              "the writer did not hold its files still while frozen: "
                  + files
                  + " vanished between the snapshot provider's listing and its copy");
          each.add("writer '" + p.writer().name() + "': " + files);
        });
    List<Participant> failed = List.copyOf(held.keySet());
    String what =
        "files of frozen writers vanished while the snapshot was copied, so these writers did not"
            + " hold their files still and their copy lacks data they declared ("
            + String.join("; ", each)
            + ")";
    if (policy == QuiescePolicy.FAIL) {
      throw session.fail(
          what
              + ". Fix the writer's Freeze to hold every file of its components (no deletes or"
              + " renames either), exclude such files from its components, or allow a"
              + " crash-consistent backup (CONTINUE_CRASH_CONSISTENT)",
          failed,
          null);
    }
    synchronized (session) {
      failed.forEach(session::dropLocked);
    }
    quiesceFailures.addAll(AbstractSession.statuses(failed));
    session.log.warn("{}; going on crash-consistent without them", what);
  }

  /** A window expired after the snapshot, before that writer's Thaw: it was frozen too long. */
  private void expiredDuringThaw() {
    List<Participant> failed;
    synchronized (session) {
      failed = session.activeLocked().stream().filter(Participant::failed).toList();
    }
    if (policy == QuiescePolicy.FAIL) {
      throw session.fail("a freeze window expired before every writer was thawed", failed, null);
    }
    synchronized (session) {
      failed.forEach(session::dropLocked);
    }
    quiesceFailures.addAll(AbstractSession.statuses(failed));
    session.log.warn(
        "freeze windows of {} expired during Thaw; going on without them",
        AbstractSession.names(failed));
  }

  private List<Participant> failedParticipants() {
    synchronized (session) {
      return session.participantsLocked().stream().filter(Participant::failed).toList();
    }
  }

  private void sendAndCheck(WriterEvent event) {
    Map<Participant, CompletableFuture<EventOutcome>> futures;
    synchronized (session) {
      throwIfStoppedLocked();
      futures = session.sendLocked(session.activeLocked(), event);
    }
    Map<Participant, EventOutcome> outcomes = session.await(futures, session.abortSignal, event);
    session.throwIfStopped(event.toString());
    handleVetoes(event, outcomes);
  }

  private void handleVetoes(WriterEvent event, Map<Participant, EventOutcome> outcomes) {
    List<Participant> failed = AbstractSession.vetoes(outcomes);
    if (failed.isEmpty()) {
      return;
    }
    if (policy == QuiescePolicy.FAIL) {
      throw session.fail(event + " vetoed the snapshot set", failed, null);
    }
    synchronized (session) {
      failed.forEach(session::dropLocked);
    }
    quiesceFailures.addAll(AbstractSession.statuses(failed));
    session.log.warn(
        "{} failed for {}; going on crash-consistent without them",
        event,
        AbstractSession.names(failed));
  }

  private boolean nothingFrozen() {
    synchronized (session) {
      return session.activeLocked().isEmpty();
    }
  }

  private long maxWindowMillis() {
    synchronized (session) {
      return session.activeLocked().stream()
              .mapToLong(p -> p.writer().descriptor().freezeTimeoutMillis())
              .max()
              .orElse(0)
          + 1_000;
    }
  }

  /** Under the session monitor: refuses to queue a forward event once the set is stopped. */
  private void throwIfStoppedLocked() {
    if (session.stoppedLocked() || closed.get()) {
      throw stopped(null);
    }
  }

  private QuiesceException stopped(SnapshotSetStep step) {
    String call = step == null ? "snapshot set " + id : step.call();
    session.throwIfStopped(call);
    return session.stopped(call);
  }

  private static List<ApplicationLevel> reversedLevels() {
    List<ApplicationLevel> reverse = new ArrayList<>(List.of(ApplicationLevel.values()));
    Collections.reverse(reverse);
    return reverse;
  }

  private void closeQuietly(Snapshot s) {
    try {
      s.close();
    } catch (IOException | RuntimeException e) {
      session.log.error("could not release snapshot {}: {}", s.id(), e.toString(), e);
    }
  }
}
