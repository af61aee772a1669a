package dev.quiesce.api;

import static dev.quiesce.api.WriterEvent.FREEZE;
import static dev.quiesce.api.WriterEvent.POST_SNAPSHOT;
import static dev.quiesce.api.WriterEvent.PREPARE_SNAPSHOT;
import static dev.quiesce.api.WriterEvent.THAW;

import java.nio.file.Path;
import java.util.List;

/**
 * What the four events inside a snapshot set share: PrepareSnapshot, Freeze, Thaw and PostSnapshot
 * know the snapshot set being made. These are the only events at which VSS guarantees {@code
 * GetCurrentSnapshotSetId} is right.
 */
public interface SnapshotEventContext extends EventContext {
  /**
   * The snapshot set being made. Equal for all four events of one session. The generated dispatcher
   * also captures it for the session, so Abort, BackupComplete and BackupShutdown receive it
   * without the writer storing it.
   */
  @CallableDuring({PREPARE_SNAPSHOT, FREEZE, THAW, POST_SNAPSHOT})
  SnapshotSetId currentSnapshotSetId();

  /** The paths in the snapshot set, as the requestor gave them. */
  @CallableDuring({PREPARE_SNAPSHOT, FREEZE, THAW, POST_SNAPSHOT})
  List<Path> volumes();
}
