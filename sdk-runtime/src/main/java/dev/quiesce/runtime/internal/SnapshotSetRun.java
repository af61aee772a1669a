package dev.quiesce.runtime.internal;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.metadata.WriterMetadata;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code doSnapshotSet}: provider check, PrepareSnapshot (all in parallel), the provider's
 * preparation (a pre-copy, released once the set is taken or failed), Freeze level by level
 * (FRONT_END, BACK_END, SYSTEM; each level in parallel), the provider's snapshot, Thaw level by
 * level in reverse, PostSnapshot. Runs on the requestor's thread; every wait is bounded by the
 * writers' deadlines, the freeze window, or the session being aborted or lost.
 *
 * <p>Whatever happens, the {@code finally} thaws every writer Freeze was sent to (Thaw and post
 * hooks in a {@code finally}: the lesson of Velero #511 and Kanister #1297), and the freeze window
 * lock is released.
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
          "snapshot provider '"
              + provider.name()
              + "' cannot snapshot "
              + paths
              + ": "
              + e.getMessage(),
          List.of(),
          e);
    }
    sendAndCheck(WriterEvent.PREPARE_SNAPSHOT);
    SnapshotPreparation preparation = prepare(provider);
    Snapshot snapshot;
    try {
      snapshot = inFreezeWindow(provider);
    } finally {
      release(preparation);
    }
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

  /** The provider's work before the freeze (a pre-copy), once PrepareSnapshot is done. */
  private SnapshotPreparation prepare(SnapshotProvider provider) {
    try {
      return provider.prepare(id, paths);
    } catch (IOException | RuntimeException e) {
      throw session.fail(
          "snapshot provider '" + provider.name() + "' could not prepare: " + e.getMessage(),
          List.of(),
          e);
    }
  }

  private void release(SnapshotPreparation preparation) {
    try {
      preparation.close();
    } catch (IOException | RuntimeException e) {
      session.log.error("could not release the provider's preparation of {}: {}", id, e, e);
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
          "snapshot provider '" + provider.name() + "' failed: " + cause.getMessage(),
          List.of(),
          cause);
    }
    Snapshot snapshot = taking.join();
    try {
      if (windowOpen && window.isExpired()) {
        if (policy == QuiescePolicy.FAIL) {
          throw session.fail(
              "a freeze window expired while the snapshot was taken", failedParticipants(), null);
        }
        windowExpired();
      }
      judgeVanished(snapshot.vanished());
    } catch (RuntimeException | Error e) {
      closeQuietly(snapshot);
      throw e;
    }
    return snapshot;
  }

  /** See the class comment: who a vanished file belonged to decides what it means. */
  private void judgeVanished(List<Path> vanished) {
    if (vanished.isEmpty()) {
      return;
    }
    Map<Participant, List<Path>> held = new LinkedHashMap<>();
    synchronized (session) {
      for (Participant p : session.activeLocked()) {
        session
            .metadataOf(p.writer())
            .ifPresent(
                m -> {
                  List<Path> own =
                      vanished.stream()
                          .filter(f -> declares(m, p.selectedComponents(), f))
                          .toList();
                  if (!own.isEmpty()) {
                    held.put(p, own);
                  }
                });
      }
    }
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

  /**
   * Whether {@code path} is data the writer declared for this backup: in a selected component's
   * file sets (or a directory holding one of their roots) and not excluded.
   */
  private static boolean declares(WriterMetadata m, Set<String> selected, Path path) {
    if (m.isExcluded(path)) {
      return false;
    }
    return m.components().stream()
        .filter(c -> selected.contains(c.name()))
        .flatMap(c -> c.fileSets().stream())
        .anyMatch(set -> set.matches(path) || set.root().startsWith(path));
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
