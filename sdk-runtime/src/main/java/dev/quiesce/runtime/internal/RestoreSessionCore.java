package dev.quiesce.runtime.internal;

import dev.quiesce.api.RestoreType;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.ComponentRef;
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
              throw new IllegalStateException(
                  "session " + id() + ": preRestore() was called already");
            }
            List<Participant> selected = applySelectionLocked();
            List<String> refused =
                options.alternateLocation().isPresent() ? List.of() : inPlaceRefusals(selected);
            if (!refused.isEmpty()) {
              log.warn("restore to original paths refused: {}", refused);
              throw new QuiesceException(
                  id(),
                  "restore to original paths refused, before any writer was told: "
                      + String.join("; ", refused),
                  List.of(),
                  null);
            }
            preRestored = true;
            futures = sendLocked(selected, WriterEvent.PRE_RESTORE);
          }
          check("PreRestore", await(futures, endSignal, WriterEvent.PRE_RESTORE));
        });
  }

  /**
   * The selected writers whose files may not be replaced in place while they run, each with what to
   * do. Following VSS's restore methods, a running writer's files are replaced in place only if it
   * takes part: it handles PreRestore (to close or stop its data; PostRestore reopens it), or it
   * declares {@link RestoreMethod#RESTORE_IF_NOT_THERE}, under which no existing file is replaced.
   * The default {@link RestoreMethod#RESTORE_IF_CAN_REPLACE} says nothing of the kind (files in use
   * cannot be told apart on POSIX, where replacing them succeeds silently); {@link
   * RestoreMethod#STOP_RESTORE_START} and {@link RestoreMethod#CUSTOM} need the PreRestore that
   * stops or restores; {@link RestoreMethod#RESTORE_TO_ALTERNATE_LOCATION} asks not to be restored
   * over at all, so it is refused unless the requestor set a restore target for each of its
   * selected components (where it places them: its alternate location mappings or a new target).
   * Checked here, in the coordinator, so that it holds for every requestor, in this process or
   * through the daemon.
   */
  private List<String> inPlaceRefusals(List<Participant> selected) {
    List<String> refused = new ArrayList<>();
    for (Participant p : selected) {
      String writer = "writer '" + p.writer().name() + "'";
      Optional<WriterMetadata> identified = metadataOf(p.writer());
      if (identified.isEmpty()) {
        refused.add(
            writer + " did not answer Identify in this session: its restore method is unknown");
        continue;
      }
      RestoreMethod method = identified.get().restoreMethod();
      boolean takesPart = p.writer().descriptor().handles(WriterEvent.PRE_RESTORE);
      List<String> unplaced =
          p.selectedComponents().stream()
              .sorted()
              .filter(
                  c -> document().restoreTarget(new ComponentRef(p.writer().name(), c)).isEmpty())
              .toList();
      if (method == RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION && !unplaced.isEmpty()) {
        refused.add(
            writer
                + " declares RESTORE_TO_ALTERNATE_LOCATION: its files are not restored over the"
                + " ones it runs on, and no restore target was set for its components "
                + unplaced
                + "; declare alternateLocationMapping at Identify (BackupApplication places the"
                + " files by it), or restore under another directory (quiesce restore --to DIR,"
                + " RestoreOptions.toAlternateLocation) for it to merge");
      } else if (!takesPart
          && method != RestoreMethod.RESTORE_IF_NOT_THERE
          && method != RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION) {
        refused.add(
            writer
                + " is running and does not take part in restores: it has no @OnPreRestore to"
                + " close or stop its data before its files are replaced"
                + (method == RestoreMethod.STOP_RESTORE_START || method == RestoreMethod.CUSTOM
                    ? " (its restore method " + method + " relies on one)"
                    : ", and its restore method "
                        + method
                        + " does not allow replacing them"
                        + " while it runs")
                + ". Give it @OnPreRestore and @OnPostRestore handlers that close and reopen its"
                + " data, or declare restoreMethod(RESTORE_IF_NOT_THERE) if restoring only missing"
                + " files while it runs is safe, or restore under another directory (quiesce"
                + " restore --to DIR, RestoreOptions.toAlternateLocation)");
      }
    }
    return refused;
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
                participantsLocked().stream()
                    .filter(p -> p.wasSent(WriterEvent.PRE_RESTORE))
                    .toList();
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
