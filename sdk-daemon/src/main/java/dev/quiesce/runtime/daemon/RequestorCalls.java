package dev.quiesce.runtime.daemon;

import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.Requestor;
import dev.quiesce.api.SessionId;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.SnapshotSetSteps;
import dev.quiesce.runtime.daemon.Wire.ComponentData;
import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.SetStep;
import dev.quiesce.runtime.daemon.Wire.SnapshotSetView;
import dev.quiesce.runtime.daemon.Wire.Status;
import dev.quiesce.runtime.daemon.Wire.ThawDeadline;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls one connection makes, run against the coordinator. A connection reaches only the
 * sessions it opened itself: another requestor's session id gets "no such session".
 */
final class RequestorCalls {
  private final Coordinator coordinator;
  private final Map<SessionId, OpenSession> sessions = new LinkedHashMap<>();
  private boolean ended;

  RequestorCalls(Coordinator coordinator) {
    this.coordinator = coordinator;
  }

  /**
   * Runs one call; what it returns is the answer's result. Hello and ping are the connection's own,
   * answered before a call gets here: here they are as unknown as a name the protocol lacks.
   */
  Object call(Request r, Requestor requestor) {
    Call call = Call.named(r.op()).orElseThrow(() -> unknown(r));
    return switch (call) {
      case OPEN_BACKUP ->
          keep(
              new OpenSession.Backup(
                  coordinator.openBackup(
                      complete(() -> required(r.options(), "options").toOptions(requestor)))));
      case OPEN_RESTORE ->
          keep(
              new OpenSession.Restore(
                  coordinator.openRestore(
                      complete(() -> required(r.restore(), "restore").toOptions(requestor)))));
      case WRITERS -> Status.of(coordinator.writers());
      case GATHER -> open(r).gather();
      case SELECT -> {
        open(r).select(required(r.component(), "component"));
        yield null;
      }
      case STATUS -> Status.of(open(r).status());
      case PREPARE -> {
        OpenSession.Backup backup = backup(r);
        backup.metadata(); // gathered here, so that snapshot can check its paths against it
        backup.session().prepareForBackup();
        yield null;
      }
      case SNAPSHOT -> snapshot(r);
      case SELECTED -> backup(r).session().selectedComponents();
      case SUCCEEDED -> {
        backup(r)
            .session()
            .setBackupSucceeded(
                required(r.component(), "component"), required(r.succeeded(), "succeeded"));
        yield null;
      }
      case COMPLETE -> {
        backup(r).session().backupComplete();
        yield null;
      }
      case ABORT -> {
        backup(r).session().abort();
        yield null;
      }
      case RELEASE -> {
        release(r);
        yield null;
      }
      case SET_BEGIN -> {
        beginSet(r);
        yield null;
      }
      case SET_PREPARE -> {
        backup(r).steps().prepare();
        yield null;
      }
      case SET_FREEZE -> {
        SnapshotSetSteps steps = backup(r).steps();
        steps.freeze(required(required(r.set(), "set").level(), "set.level"));
        Instant deadline = steps.thawDeadline();
        yield new ThawDeadline(deadline.equals(Instant.MAX) ? null : deadline.toEpochMilli());
      }
      case SET_SNAPSHOT -> {
        backup(r).steps().snapshot();
        yield null;
      }
      case SET_THAW -> {
        backup(r).steps().thaw(required(required(r.set(), "set").level(), "set.level"));
        yield null;
      }
      case SET_FINISH -> {
        OpenSession.Backup backup = backup(r);
        yield view(backup, backup.steps().finish());
      }
      case SET_CLOSE -> {
        backup(r).closeSteps();
        yield null;
      }
      case PREVIOUS_STAMP -> {
        backup(r)
            .session()
            .setPreviousBackupStamp(
                required(r.component(), "component"), required(r.text(), "text"));
        yield null;
      }
      case COMPONENTS ->
          backup(r).session().backupComponents().stream().map(ComponentData::of).toList();
      case BACKUP_METADATA -> {
        restore(r)
            .setBackupMetadata(required(r.component(), "component"), required(r.text(), "text"));
        yield null;
      }
      case RESTORE_TARGET -> {
        List<Path> target = required(r.paths(), "paths");
        if (target.size() != 1) {
          throw new IllegalArgumentException("restore-target takes one path, not " + target);
        }
        restore(r).setRestoreTarget(required(r.component(), "component"), target.get(0));
        yield null;
      }
      case FILE_RESTORE_STATUS -> {
        restore(r)
            .setFileRestoreStatus(
                required(r.component(), "component"),
                FileRestoreStatus.valueOf(required(r.text(), "text")));
        yield null;
      }
      case RESTORE_METADATA ->
          restore(r).restoreMetadata(required(r.component(), "component")).orElse(null);
      case PRE_RESTORE -> {
        restore(r).preRestore();
        yield null;
      }
      case POST_RESTORE -> {
        restore(r).postRestore();
        yield null;
      }
      case CLOSE -> {
        close(r);
        yield null;
      }
      case HELLO, PING -> throw unknown(r);
    };
  }

  private static UnsupportedOperationException unknown(Request r) {
    return new UnsupportedOperationException("unknown call '" + r.op() + "'");
  }

  private SessionId keep(OpenSession open) {
    synchronized (this) {
      if (!ended) {
        sessions.put(open.id(), open);
        return open.id();
      }
    }
    lose(open);
    throw new IllegalStateException("the connection ended while the session was opened");
  }

  private SnapshotSetView snapshot(Request r) {
    List<Path> paths = required(r.paths(), "paths");
    OpenSession.Backup backup = backup(r);
    SnapshotScope.check(backup.metadata(), backup.session().selectedComponents(), paths);
    return view(backup, backup.session().doSnapshotSet(paths));
  }

  /** One member's share of a set spanning several coordinators; the same scope as snapshot. */
  private void beginSet(Request r) {
    List<Path> paths = required(r.paths(), "paths");
    SetStep set = required(r.set(), "set");
    OpenSession.Backup backup = backup(r);
    SnapshotScope.check(backup.metadata(), backup.session().selectedComponents(), paths);
    backup.begin(
        backup
            .session()
            .beginSnapshotSet(
                required(set.id(), "set.id"),
                paths,
                required(set.freezeWindow(), "set.freezeWindow")));
  }

  /** Holds the set until released, and answers where each path's copy can be read. */
  private static SnapshotSetView view(OpenSession.Backup backup, SnapshotSet set) {
    backup.hold(set);
    List<Path> copies = set.paths().stream().map(set::pathOf).toList();
    return new SnapshotSetView(
        set.id(),
        set.paths(),
        copies,
        set.provider(),
        set.policy(),
        Status.of(set.quiesceFailures()),
        set.frozenFor(),
        set.privateCopies(),
        set.clonable());
  }

  private void release(Request r) {
    // a restore holds no snapshot set: nothing to release, as for a backup that holds none
    SnapshotSet set = open(r) instanceof OpenSession.Backup backup ? backup.release() : null;
    if (set != null) {
      set.close();
    }
  }

  private void close(Request r) {
    OpenSession open = open(r);
    open.close();
    synchronized (this) {
      sessions.remove(open.id());
    }
  }

  /** Ends every open session as lost; later opens are refused. Returns the ended sessions. */
  List<SessionId> endAll() {
    List<OpenSession> open;
    synchronized (this) {
      ended = true;
      open = new ArrayList<>(sessions.values());
      sessions.clear();
    }
    List<SessionId> lost = new ArrayList<>();
    for (OpenSession o : open) {
      if (lose(o)) {
        lost.add(o.id());
      }
    }
    return lost;
  }

  /** Its requestor is gone: a backup is thawed and shut down as REQUESTOR_LOST, a restore ended. */
  private boolean lose(OpenSession open) {
    return coordinator.requestorLost(open.id());
  }

  private synchronized OpenSession open(Request r) {
    SessionId id = required(r.session(), "session");
    OpenSession open = sessions.get(id);
    if (open == null) {
      throw new IllegalArgumentException(
          "no session " + id + " on this connection (ended, or opened by another requestor)");
    }
    return open;
  }

  /** The backup a call names; a restore has no such call. */
  private OpenSession.Backup backup(Request r) {
    OpenSession open = open(r);
    if (open instanceof OpenSession.Backup backup) {
      return backup;
    }
    throw new IllegalStateException("session " + open.id() + " is a restore, not a backup");
  }

  /** The restore a call names; a backup has no such call. */
  private RestoreSession restore(Request r) {
    OpenSession open = open(r);
    if (open instanceof OpenSession.Restore restore) {
      return restore.session();
    }
    throw new IllegalStateException("session " + open.id() + " is a backup, not a restore");
  }

  /** Options with a field missing are the peer's mistake, said as such (not an internal error). */
  private static <T> T complete(java.util.function.Supplier<T> options) {
    try {
      return options.get();
    } catch (NullPointerException e) {
      throw new IllegalArgumentException("the options lack '" + e.getMessage() + "'", e);
    }
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("the call needs '" + field + "'");
    }
    return value;
  }
}
