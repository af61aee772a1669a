package dev.quiesce.runtime.internal;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.QuiescePolicy;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.WriterStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code doSnapshotSet}: provider check, PrepareSnapshot (all in parallel), Freeze level by
 * level (FRONT_END, BACK_END, SYSTEM; each level in parallel), the provider's snapshot, Thaw level
 * by level in reverse, PostSnapshot. Runs on the requestor's thread; every wait is bounded by the
 * writers' deadlines, the freeze window, or the session being aborted or lost.
 *
 * <p>Whatever happens, the {@code finally} thaws every writer Freeze was sent to (Thaw and post
 * hooks in a {@code finally}: the lesson of Velero #511 and Kanister #1297), and the freeze window
 * lock is released.
 */
final class SnapshotSetRun {
  /** From the first Freeze sent to the last Thaw returned: how long writers were held. */
  private Duration frozenFor = Duration.ZERO;

  private final BackupSessionCore session;
  private final List<Path> paths;
  private final QuiescePolicy policy;
  private final List<WriterStatus> quiesceFailures = new ArrayList<>();
  private SnapshotSetId id;
  private boolean expiryHandled;

  SnapshotSetRun(BackupSessionCore session, Collection<Path> paths) {
    this.session = session;
    this.paths = paths.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    this.policy = session.options().quiescePolicy();
    quiesceFailures.addAll(session.prepareFailures());
  }

  SnapshotSet run() {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("doSnapshotSet needs at least one path");
    }
    id = session.startSnapshotSet(paths);
    SnapshotProvider provider = session.coordinator.provider();
    try {
      provider.check(paths);
    } catch (IOException | RuntimeException e) {
      throw session.fail(
          "snapshot provider '" + provider.name() + "' cannot snapshot " + paths + ": " + e.getMessage(),
          List.of(),
          e);
    }
    sendAndCheck(WriterEvent.PREPARE_SNAPSHOT);
    Snapshot snapshot = inFreezeWindow(provider);
    SnapshotSet set =
        new SnapshotSet(snapshot, provider.name(), policy, quiesceFailures, frozenFor);
    boolean handedOut = false;
    try {
      Map<Participant, CompletableFuture<EventOutcome>> futures;
      synchronized (session) {
        if (session.stoppedLocked()) {
          throw stopped();
        }
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
      session.throwIfStopped("doSnapshotSet");
      handedOut = true;
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
  }

  /** Freeze, take, Thaw, holding the coordinator's freeze window. */
  private Snapshot inFreezeWindow(SnapshotProvider provider) {
    FreezeWindowLock lock = session.coordinator.freezeLock();
    Duration wait = session.coordinator.config().freezeWindowWait();
    try {
      if (!lock.acquire(wait, session.abortSignal)) {
        session.throwIfStopped("doSnapshotSet");
        throw session.fail(
            "another session's freeze window did not close within " + wait.toMillis() + " ms",
            List.of(),
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw session.fail("interrupted while waiting for the freeze window", List.of(), e);
    }
    FreezeWindow window = new FreezeWindow(session, session.coordinator.threads().timers());
    Snapshot snapshot = null;
    boolean ok = false;
    try {
      long frozenFrom = System.nanoTime();
      freezeLevels(window);
      snapshot = take(provider, window);
      thawLevels();
      frozenFor = Duration.ofNanos(System.nanoTime() - frozenFrom);
      if (window.isExpired() && !expiryHandled) {
        expiredDuringThaw();
      }
      ok = true;
      return snapshot;
    } finally {
      window.disarm();
      synchronized (session) {
        session.thawOwedLocked(null);
      }
      lock.release();
      if (!ok && snapshot != null) {
        closeQuietly(snapshot);
      }
    }
  }

  private void freezeLevels(FreezeWindow window) {
    for (ApplicationLevel level : ApplicationLevel.values()) {
      Map<Participant, CompletableFuture<EventOutcome>> futures;
      synchronized (session) {
        if (session.stoppedLocked()) {
          throw stopped();
        }
        if (window.isExpired()) {
          return;
        }
        List<Participant> ps =
            session.activeLocked().stream().filter(p -> p.writer().level() == level).toList();
        futures = session.sendLocked(ps, WriterEvent.FREEZE);
        ps.forEach(window::arm);
      }
      Map<Participant, EventOutcome> outcomes =
          session.await(
              futures,
              CompletableFuture.anyOf(session.abortSignal, window.expired()),
              WriterEvent.FREEZE);
      window.expireWhereFreezeOutlivedItsWindow(outcomes);
      if (window.isExpired()) {
        windowExpired();
        return;
      }
      session.throwIfStopped("doSnapshotSet");
      handleVetoes(WriterEvent.FREEZE, outcomes);
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

  private Snapshot take(SnapshotProvider provider, FreezeWindow window) {
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
    try {
      CompletableFuture.anyOf(taking, interrupt).get(bound, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      session.log.debug("waiting for the provider ended: {}", e.toString());
    }
    if (!taking.isDone()) {
      taking.thenAccept(this::closeQuietly);
      session.throwIfStopped("doSnapshotSet");
      throw session.fail(
          "snapshot provider '"
              + provider.name()
              + "' did not finish within the freeze window; every writer was thawed",
          failedParticipants(),
          null);
    }
    if (taking.isCompletedExceptionally()) {
      Throwable cause =
          taking.handle((s, t) -> t instanceof CompletionException ? t.getCause() : t).join();
      throw session.fail(
          "snapshot provider '" + provider.name() + "' failed: " + cause.getMessage(), List.of(), cause);
    }
    Snapshot snapshot = taking.join();
    if (windowOpen && window.isExpired()) {
      if (policy == QuiescePolicy.FAIL) {
        closeQuietly(snapshot);
        throw session.fail(
            "a freeze window expired while the snapshot was taken", failedParticipants(), null);
      }
      windowExpired();
    }
    return snapshot;
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
    session.log.warn("freeze windows of {} expired during Thaw; going on without them", AbstractSession.names(failed));
  }

  private List<Participant> failedParticipants() {
    synchronized (session) {
      return session.participantsLocked().stream().filter(Participant::failed).toList();
    }
  }

  private void thawLevels() {
    List<ApplicationLevel> reverse = new ArrayList<>(List.of(ApplicationLevel.values()));
    java.util.Collections.reverse(reverse);
    for (ApplicationLevel level : reverse) {
      Map<Participant, CompletableFuture<EventOutcome>> futures;
      synchronized (session) {
        futures = session.thawOwedLocked(level);
      }
      Map<Participant, EventOutcome> outcomes =
          session.await(futures, session.abortSignal, WriterEvent.THAW);
      session.throwIfStopped("doSnapshotSet");
      handleVetoes(WriterEvent.THAW, outcomes);
    }
  }

  private void sendAndCheck(WriterEvent event) {
    Map<Participant, CompletableFuture<EventOutcome>> futures;
    synchronized (session) {
      if (session.stoppedLocked()) {
        throw stopped();
      }
      futures = session.sendLocked(session.activeLocked(), event);
    }
    Map<Participant, EventOutcome> outcomes = session.await(futures, session.abortSignal, event);
    session.throwIfStopped("doSnapshotSet");
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
        "{} failed for {}; going on crash-consistent without them", event, AbstractSession.names(failed));
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

  private QuiesceException stopped() {
    session.throwIfStopped("doSnapshotSet");
    return session.stopped("doSnapshotSet");
  }

  private void closeQuietly(Snapshot s) {
    try {
      s.close();
    } catch (IOException | RuntimeException e) {
      session.log.error("could not release snapshot {}: {}", s.id(), e.toString(), e);
    }
  }
}
