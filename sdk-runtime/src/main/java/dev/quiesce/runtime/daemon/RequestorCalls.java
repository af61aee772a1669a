package dev.quiesce.runtime.daemon;

import dev.quiesce.api.Requestor;
import dev.quiesce.api.SessionId;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.SnapshotSet;
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
  /** A session this connection opened, and the snapshot set it took, if any. */
  private static final class Open {
    final BackupSession session;
    SnapshotSet set;

    Open(BackupSession session) {
      this.session = session;
    }
  }

  private final Coordinator coordinator;
  private final Map<SessionId, Open> sessions = new LinkedHashMap<>();
  private boolean ended;

  RequestorCalls(Coordinator coordinator) {
    this.coordinator = coordinator;
  }

  /** Runs one call; what it returns is the answer's result. */
  Object call(Request r, Requestor requestor) {
    return switch (r.op()) {
      case "open" -> open(r, requestor);
      case "writers" -> Status.of(coordinator.writers());
      case "gather" -> session(r).gatherWriterMetadata();
      case "select" -> {
        session(r).select(required(r.component(), "component"));
        yield null;
      }
      case "prepare" -> {
        session(r).prepareForBackup();
        yield null;
      }
      case "snapshot" -> snapshot(r);
      case "selected" -> session(r).selectedComponents();
      case "status" -> Status.of(session(r).gatherWriterStatus());
      case "succeeded" -> {
        session(r).setBackupSucceeded(required(r.component(), "component"), required(r.succeeded(), "succeeded"));
        yield null;
      }
      case "complete" -> {
        session(r).backupComplete();
        yield null;
      }
      case "abort" -> {
        session(r).abort();
        yield null;
      }
      case "release" -> {
        release(r);
        yield null;
      }
      case "close" -> {
        close(r);
        yield null;
      }
      default -> throw new UnsupportedOperationException("unknown call '" + r.op() + "'");
    };
  }

  private SessionId open(Request r, Requestor requestor) {
    BackupSession session =
        coordinator.openBackup(required(r.options(), "options").toOptions(requestor));
    synchronized (this) {
      if (!ended) {
        sessions.put(session.id(), new Open(session));
        return session.id();
      }
    }
    coordinator.requestorLost(session.id());
    throw new IllegalStateException("the connection ended while the session was opened");
  }

  private SnapshotSetView snapshot(Request r) {
    List<Path> paths = required(r.paths(), "paths");
    Open open = open(r);
    SnapshotSet set = open.session.doSnapshotSet(paths);
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
    open.session.close();
    synchronized (this) {
      sessions.remove(open.session.id());
    }
  }

  /** Ends every open session as lost; later opens are refused. Returns the ended sessions. */
  List<SessionId> endAll() {
    List<SessionId> ids;
    synchronized (this) {
      ended = true;
      ids = new ArrayList<>(sessions.keySet());
      sessions.clear();
    }
    ids.removeIf(id -> !coordinator.requestorLost(id));
    return ids;
  }

  private BackupSession session(Request r) {
    return open(r).session;
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

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("the call needs '" + field + "'");
    }
    return value;
  }
}
