package dev.quiesce.runtime.daemon;

import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A requestor in its own process, for tests that kill or stop it: connects to the daemon at {@code
 * args[0]}, opens a backup, prepares it, then either takes a snapshot set of {@code args[2]} (mode
 * {@code snapshot}: it stays inside {@code doSnapshotSet} while the daemon's provider is held) or
 * waits forever (mode {@code idle}). It never ends by itself: the test ends it.
 */
public final class ChildRequestor {
  private ChildRequestor() {}

  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    String mode = args[1];
    RemoteCoordinator remote = RemoteCoordinator.connect(socket, "child-requestor");
    BackupSession backup = remote.openBackup(BackupOptions.full());
    backup.prepareForBackup();
    if (mode.equals("snapshot")) {
      backup.doSnapshotSet(List.of(Path.of(args[2])));
    }
    new CountDownLatch(1).await();
  }
}
