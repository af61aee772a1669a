package dev.quiesce.runtime.internal;

import dev.quiesce.api.RestoreType;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.RestoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The state machine of one restore session: OPEN, then PreRestore, then PostRestore. As in VSS,
 * restores have no Abort and no BackupShutdown; ending one drops its state.
 */
final class RestoreSessionCore extends AbstractSession {
  private final RestoreOptions options;
  private boolean preRestored;
  private boolean postRestored;

  RestoreSessionCore(CoordinatorImpl coordinator, long sequence, RestoreOptions options) {
    super(coordinator, sequence, options.requestor(), options.selection());
    this.options = options;
  }

  @Override
  RestoreType requireRestoreType() {
    return options.restoreType();
  }

  @Override
  Optional<Path> alternateLocation() {
    return options.alternateLocation();
  }

  @Override
  boolean selectableLocked() {
    return !preRestored;
  }

  void preRestore() {
    op(
        "preRestore",
        () -> {
          ensureIdentified();
          Map<Participant, CompletableFuture<EventOutcome>> futures;
          synchronized (this) {
            if (preRestored) {
              throw new IllegalStateException("session " + id() + ": preRestore() was called already");
            }
            preRestored = true;
            futures = sendLocked(applySelectionLocked(), WriterEvent.PRE_RESTORE);
          }
          check("PreRestore", await(futures, endSignal, WriterEvent.PRE_RESTORE));
        });
  }

  void postRestore() {
    op(
        "postRestore",
        () -> {
          Map<Participant, CompletableFuture<EventOutcome>> futures;
          synchronized (this) {
            if (!preRestored || postRestored) {
              throw new IllegalStateException(
                  "session " + id() + ": postRestore() must follow preRestore(), once");
            }
            postRestored = true;
            List<Participant> ps =
                participantsLocked().stream().filter(p -> p.wasSent(WriterEvent.PRE_RESTORE)).toList();
            futures = sendLocked(ps, WriterEvent.POST_RESTORE);
          }
          check("PostRestore", await(futures, endSignal, WriterEvent.POST_RESTORE));
        });
  }

  private void check(String step, Map<Participant, EventOutcome> outcomes) {
    synchronized (this) {
      if (endedLocked()) {
        throw new QuiesceException(id(), step + ": the session ended meanwhile", List.of(), null);
      }
    }
    List<Participant> failed = withFailure(outcomes);
    if (!failed.isEmpty()) {
      log.error("{} failed: {}", step, statuses(failed));
      throw new QuiesceException(id(), step + " failed", statuses(failed), null);
    }
  }

  /** Ends the session: no more events, and the writers' session state is dropped. */
  void end(String why) {
    List<Participant> ps;
    synchronized (this) {
      if (!markEndedLocked()) {
        return;
      }
      ps = new ArrayList<>(participantsLocked());
    }
    endSignal.complete(null);
    ps.forEach(Participant::release);
    coordinator.sessionEnded(this);
    log.info("restore session ended ({})", why);
  }

  void collected() {
    synchronized (this) {
      if (endedLocked()) {
        return;
      }
    }
    log.warn("the requestor dropped the restore session without closing it");
    end("requestor lost");
  }
}
