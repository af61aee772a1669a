package dev.quiesce.runtime;

import java.util.List;

/**
 * Where a requestor opens sessions: the {@link Coordinator} in this JVM, or a {@code
 * RemoteCoordinator} connected to a daemon in another process. Requestor code written against this
 * (the {@link dev.quiesce.runtime.backup.BackupApplication} is) runs the same either way.
 */
public interface SessionSource {
  /** Opens a backup session. Close it (try-with-resources) to end it; see {@link BackupSession}. */
  BackupSession openBackup(BackupOptions options);

  /** Opens a restore session. */
  RestoreSession openRestore(RestoreOptions options);

  /** Every subscribed writer's status as of its latest session: {@code vssadmin list writers}. */
  List<WriterStatus> writers();
}
