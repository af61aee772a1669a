package dev.quiesce.api;

import static dev.quiesce.api.WriterEvent.ABORT;
import static dev.quiesce.api.WriterEvent.BACKUP_COMPLETE;
import static dev.quiesce.api.WriterEvent.BACKUP_SHUTDOWN;
import static dev.quiesce.api.WriterEvent.FREEZE;
import static dev.quiesce.api.WriterEvent.POST_RESTORE;
import static dev.quiesce.api.WriterEvent.POST_SNAPSHOT;
import static dev.quiesce.api.WriterEvent.PREPARE_BACKUP;
import static dev.quiesce.api.WriterEvent.PREPARE_SNAPSHOT;
import static dev.quiesce.api.WriterEvent.PRE_RESTORE;
import static dev.quiesce.api.WriterEvent.THAW;

import java.time.Instant;

/**
 * What every handler is told about the event it handles. Each event has its own sub-interface
 * ({@link FreezeContext}, {@link BackupShutdownContext}, ...) with what only that event knows, so a
 * handler cannot ask for what does not exist yet or any more.
 *
 * <p>A context is valid only while its handler runs. The annotation processor rejects code that
 * stores one in a field or collection, returns it, or captures it in a lambda or inner class: used
 * later it would describe an event that is over, possibly of another backup.
 */
public interface EventContext {
  /** The event being handled. */
  WriterEvent event();

  /** The session the event belongs to. Put it in every log line about this event. */
  SessionId sessionId();

  /**
   * When the coordinator stops waiting for this handler. Past it the writer is marked {@code
   * FAILED_AT_<event>} with {@link WriterFailure#TIMEOUT}, and for Freeze the writer is thawed.
   * Long handlers should check it and give up cleanly.
   */
  Instant deadline();

  /** The backup application that opened the session. */
  Requestor requestor();

  /**
   * Records a failure without failing the handler (VSS's "SetWriterFailure, then return true"): the
   * writer's status shows it, the snapshot set is not vetoed. To veto, throw {@link
   * WriterFailureException} instead. Not allowed during Identify, where VSS forbids it too: a
   * writer that cannot describe itself simply throws and is left out of the session.
   *
   * @param failure the kind of failure
   * @param message what went wrong, for the status and the logs
   */
  @CallableDuring({
    PREPARE_BACKUP,
    PREPARE_SNAPSHOT,
    FREEZE,
    THAW,
    POST_SNAPSHOT,
    ABORT,
    BACKUP_COMPLETE,
    BACKUP_SHUTDOWN,
    PRE_RESTORE,
    POST_RESTORE
  })
  void reportFailure(WriterFailure failure, String message);
}
