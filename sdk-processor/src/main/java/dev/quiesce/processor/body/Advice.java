package dev.quiesce.processor.body;

import dev.quiesce.api.WriterEvent;
import java.util.Set;

/**
 * The VSS rule behind an event-restricted method and how to fix a wrong call of it. Which methods
 * are restricted is read from {@code @CallableDuring}; only the wording here knows the API's
 * methods by name, and any other restricted method gets the general advice.
 */
final class Advice {
  private static final String SESSION_STATE =
      " and keep %s in a @SessionState object (or a field) for the events that come later";

  private Advice() {}

  /**
   * @param method the restricted method
   * @param wrongEvents the events that reach the call but are not allowed
   * @param outside whether code outside every event reaches it
   * @param deferred whether code that may run later (lambdas, inner classes) reaches it
   */
  static String of(
      RestrictedMethod method, Set<WriterEvent> wrongEvents, boolean outside, boolean deferred) {
    String allowed = RestrictedCallRule.events(method.allowed());
    boolean captured = wrongEvents.stream().anyMatch(WriterEvent::hasCapturedSnapshotSet);
    boolean elsewhere =
        outside
            || deferred
            || wrongEvents.stream().anyMatch(event -> !event.hasCapturedSnapshotSet());
    switch (method.name()) {
      case "currentSnapshotSetId":
        {
          StringBuilder text =
              new StringBuilder(
                  "VSS guarantees the current snapshot set id only from PrepareSnapshot to"
                      + " PostSnapshot; asked later (after PostSnapshot returned, in"
                      + " BackupShutdown) or outside an event, GetCurrentSnapshotSetId may return"
                      + " another backup's id. Fix:");
          if (captured) {
            text.append(
                " in @OnAbort, @OnBackupComplete and @OnBackupShutdown take an"
                    + " Optional<SnapshotSetId> parameter or use the context's snapshotSetId()"
                    + " (BackupShutdownContext.snapshotSetId()), which is captured for this"
                    + " session.");
          }
          if (elsewhere || !captured) {
            text.append(captured ? " Elsewhere, take" : " take")
                .append(
                    " a SnapshotSetId parameter in a PrepareSnapshot, Freeze, Thaw or"
                        + " PostSnapshot handler")
                .append(SESSION_STATE.formatted("it"))
                .append('.');
          }
          return text.toString();
        }
      case "currentVolumes":
      case "volumes":
        return "The snapshot set's volumes exist only from PrepareSnapshot to PostSnapshot. Fix:"
            + " read them in a PrepareSnapshot, Freeze, Thaw or PostSnapshot handler"
            + SESSION_STATE.formatted("them")
            + ".";
      case "snapshotPathOf":
        return "The point-in-time copy may be read only during PostSnapshot: before, it does not"
            + " exist; after, it belongs to the requestor (VSS's GetSnapshotDeviceName fails"
            + " elsewhere). Fix: call it in the @OnPostSnapshot handler, through"
            + " PostSnapshotContext.snapshotPathOf.";
      case "reportFailure":
      case "setWriterFailure":
        if (wrongEvents.contains(WriterEvent.IDENTIFY)) {
          return "VSS forbids SetWriterFailure during Identify. Fix: in @OnIdentify, throw an"
              + " exception instead; a writer that cannot describe itself is left out of the"
              + " session.";
        }
        return "A failure is recorded for the event being handled, and there is none here. Fix:"
            + " report it from the handler of one of "
            + allowed
            + ", or throw WriterFailureException from it.";
      case "currentBackupType":
        return "The backup type is known from PrepareBackup on. Fix: use"
            + " PrepareBackupContext.backupType()"
            + SESSION_STATE.formatted("it")
            + ".";
      case "currentRestoreType":
        return "The restore type is known only during a restore. Fix: use the restoreType() of"
            + " PreRestoreContext or PostRestoreContext.";
      case "currentSessionId":
        return "Outside an event there is no current session. Fix: take a SessionId handler"
            + " parameter or use EventContext.sessionId().";
      case "setBackupMetadata":
      case "setBackupStamp":
      case "previousBackupStamp":
      case "addDifferencedFilesByLastModifyTime":
        return "VSS hands a writer the Backup Components Document only in PrepareBackup and"
            + " PostSnapshot; from BackupComplete on it is read-only. Fix: call it in the"
            + " @OnPrepareBackup or @OnPostSnapshot handler (their contexts have it too).";
      case "backupMetadata":
      case "restoreTarget":
        return "What a writer kept with its backup is given back only at restore. Fix: read it in"
            + " the @OnPreRestore or @OnPostRestore handler (their contexts have it too).";
      case "setRestoreMetadata":
        return "Restore metadata is kept in PreRestore for PostRestore. Fix: set it in the"
            + " @OnPreRestore handler (PreRestoreContext.setRestoreMetadata).";
      case "restoreMetadata":
      case "fileRestoreStatus":
        return "It is known only once the files are restored. Fix: read it in the @OnPostRestore"
            + " handler (PostRestoreContext has it too).";
      default:
        return "Fix: call it only in handlers of "
            + allowed
            + " (directly, or in private methods only they call), and pass the value on as a"
            + " parameter or keep it in a @SessionState object.";
    }
  }
}
