package dev.quiesce.runtime.daemon;

import dev.quiesce.api.Requestor;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.SnapshotSetView;
import dev.quiesce.runtime.daemon.Wire.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls one connection makes, run against the coordinator. A connection reaches only the
 * sessions it opened itself: another requestor's session id gets "no such session".
 */
final class RequestorCalls {
  /** A session this connection opened: a backup (with the snapshot set it took) or a restore. */
  private static final class Open {
    final BackupSession backup;
    final RestoreSession restore;
    SnapshotSet set;
    List<WriterMetadata> metadata;

    Open(BackupSession backup, RestoreSession restore) {
      this.backup = backup;
      this.restore = restore;
    }

    SessionId id() {
      return backup != null ? backup.id() : restore.id();
    }

    BackupSession backup() {
      if (backup == null) {
        throw new IllegalStateException("session " + restore.id() + " is a restore, not a backup");
      }
      return backup;
    }

    List<WriterMetadata> gather() {
      if (backup == null) {
        return restore.gatherWriterMetadata();
      }
      List<WriterMetadata> gathered = backup.gatherWriterMetadata();
      synchronized (this) {
        metadata = gathered;
      }
      return gathered;
    }

    /** What Identify said in this backup: kept from the requestor's gather, or gathered now. */
    List<WriterMetadata> metadata() {
      synchronized (this) {
        if (metadata != null) {
          return metadata;
        }
      }
      return gather();
    }

    void select(ComponentRef component) {
      if (backup != null) {
        backup.select(component);
      } else {
        restore.select(component);
      }
    }

    List<WriterStatus> status() {
      return backup != null ? backup.gatherWriterStatus() : restore.gatherWriterStatus();
    }

    void close() {
      if (backup != null) {
        backup.close();
      } else {
        restore.close();
      }
    }

    RestoreSession restore() {
      if (restore == null) {
        throw new IllegalStateException("session " + backup.id() + " is a backup, not a restore");
      }
      return restore;
    }
  }

  private final Coordinator coordinator;
  private final Map<SessionId, Open> sessions = new LinkedHashMap<>();
  private boolean ended;

  RequestorCalls(Coordinator coordinator) {
    this.coordinator = coordinator;
  }

  /**
   * Runs one call; what it returns is the answer's result. Hello and ping are the connection's
   * own, answered before a call gets here: here they are as unknown as a name the protocol lacks.
   */
  Object call(Request r, Requestor requestor) {
    Call call = Call.named(r.op()).orElseThrow(() -> unknown(r));
    return switch (call) {
      case OPEN_BACKUP ->
          keep(new Open(coordinator.openBackup(complete(() -> required(r.options(), "options").toOptions(requestor))), null));
      case OPEN_RESTORE ->
          keep(new Open(null, coordinator.openRestore(complete(() -> required(r.restore(), "restore").toOptions(requestor)))));
      case WRITERS -> Status.of(coordinator.writers());
      case GATHER -> open(r).gather();
      case SELECT -> {
        open(r).select(required(r.component(), "component"));
        yield null;
      }
      case STATUS -> Status.of(open(r).status());
      case PREPARE -> {
        Open open = open(r);
        open.metadata(); // gathered here, so that snapshot can check its paths against it
        open.backup().prepareForBackup();
        yield null;
      }
      case SNAPSHOT -> snapshot(r);
      case SELECTED -> open(r).backup().selectedComponents();
      case SUCCEEDED -> {
        open(r).backup().setBackupSucceeded(required(r.component(), "component"), required(r.succeeded(), "succeeded"));
        yield null;
      }
      case COMPLETE -> {
        open(r).backup().backupComplete();
        yield null;
      }
      case ABORT -> {
        open(r).backup().abort();
        yield null;
      }
      case RELEASE -> {
        release(r);
        yield null;
      }
      case PRE_RESTORE -> {
        open(r).restore().preRestore();
        yield null;
      }
      case POST_RESTORE -> {
        open(r).restore().postRestore();
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

  private SessionId keep(Open open) {
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
    Open open = open(r);
    BackupSession backup = open.backup();
    SnapshotScope.check(open.metadata(), backup.selectedComponents(), paths);
    SnapshotSet set = backup.doSnapshotSet(paths);
    synchronized (this) {
      open.set = set;
    }
    List<Path> copies = set.paths().stream().map(set::pathOf).toList();
    return new SnapshotSetView(
        set.id(),
        set.paths(),
        copies,
        set.provider(),
        set.policy(),
        Status.of(set.quiesceFailures()),
        set.frozenFor());
  }

  private void release(Request r) {
    SnapshotSet set;
    synchronized (this) {
      Open open = open(r);
      set = open.set;
      open.set = null;
    }
    if (set != null) {
      set.close();
    }
  }

  private void close(Request r) {
    Open open = open(r);
    open.close();
    synchronized (this) {
      sessions.remove(open.id());
    }
  }

  /** Ends every open session as lost; later opens are refused. Returns the ended sessions. */
  List<SessionId> endAll() {
    List<Open> open;
    synchronized (this) {
      ended = true;
      open = new ArrayList<>(sessions.values());
      sessions.clear();
    }
    List<SessionId> lost = new ArrayList<>();
    for (Open o : open) {
      if (lose(o)) {
        lost.add(o.id());
      }
    }
    return lost;
  }

  /** Its requestor is gone: a backup is thawed and shut down as REQUESTOR_LOST, a restore ended. */
  private boolean lose(Open open) {
    return coordinator.requestorLost(open.id());
  }

  private synchronized Open open(Request r) {
    SessionId id = required(r.session(), "session");
    Open open = sessions.get(id);
    if (open == null) {
      throw new IllegalArgumentException(
          "no session " + id + " on this connection (ended, or opened by another requestor)");
    }
    return open;
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
