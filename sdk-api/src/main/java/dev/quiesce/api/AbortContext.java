package dev.quiesce.api;

import java.util.Optional;

/** The Abort event's context: the backup was abandoned after PrepareSnapshot began. */
public interface AbortContext extends EventContext {
  /**
   * The snapshot set id captured for this session at PrepareSnapshot, Freeze, Thaw or PostSnapshot;
   * empty if the session never got that far. Always this session's, never another backup's.
   */
  Optional<SnapshotSetId> snapshotSetId();
}
