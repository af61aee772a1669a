package dev.quiesce.runtime.daemon;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.Session;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.SnapshotSetSteps;
import dev.quiesce.runtime.WriterStatus;
import java.util.List;

/**
 * A session one connection opened, as {@link RequestorCalls} keeps it: a backup or a restore, one
 * type with one variant each instead of a pair of nullable fields that could be both or neither.
 * What both kinds answer is here; a call that only one kind has reaches it through an {@code
 * instanceof} pattern, so a call of the wrong kind is refused where it is dispatched.
 */
sealed interface OpenSession permits OpenSession.Backup, OpenSession.Restore {
  /** The session itself, for what both kinds answer. */
  Session session();

  default SessionId id() {
    return session().id();
  }

  default List<WriterMetadata> gather() {
    return session().gatherWriterMetadata();
  }

  default void select(ComponentRef component) {
    session().select(component);
  }

  default List<WriterStatus> status() {
    return session().gatherWriterStatus();
  }

  default void close() {
    session().close();
  }

  /** A restore: nothing to keep besides the session. */
  record Restore(RestoreSession session) implements OpenSession {}

  /**
   * A backup, with what its later calls need: the writers' metadata (snapshot checks its paths
   * against it), the steps of a snapshot set spanning several coordinators, and the snapshot set it
   * holds until released. Calls of one session may run on several call threads at once (a {@code
   * set-close} while a step waits), so these are guarded by this object.
   */
  final class Backup implements OpenSession {
    private final BackupSession session;
    private List<WriterMetadata> metadata;
    private SnapshotSet set;
    private SnapshotSetSteps steps;

    Backup(BackupSession session) {
      this.session = session;
    }

    @Override
    public BackupSession session() {
      return session;
    }

    /** Gathers, and keeps what Identify said for {@link #metadata()}. */
    @Override
    public List<WriterMetadata> gather() {
      List<WriterMetadata> gathered = session.gatherWriterMetadata();
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

    synchronized void begin(SnapshotSetSteps begun) {
      steps = begun;
    }

    /** The steps {@code set-begin} made. */
    synchronized SnapshotSetSteps steps() {
      if (steps == null) {
        throw new IllegalStateException(
            "session " + id() + " has no snapshot set begun; call set-begin first");
      }
      return steps;
    }

    /** {@code set-close}: aborts a set not finished (thaws at once). Idempotent. */
    void closeSteps() {
      SnapshotSetSteps begun;
      synchronized (this) {
        begun = steps;
      }
      if (begun != null) {
        begun.close();
      }
    }

    synchronized void hold(SnapshotSet taken) {
      set = taken;
    }

    /** The snapshot set held, if any, now no longer held: the caller closes it. */
    synchronized SnapshotSet release() {
      SnapshotSet held = set;
      set = null;
      return held;
    }
  }
}
