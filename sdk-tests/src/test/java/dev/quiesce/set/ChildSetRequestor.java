package dev.quiesce.set;

import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A set requestor in its own JVM, for the test that kills it inside the global freeze: backs up the
 * members {@code name=socket} of {@code args[1..]} into {@code args[0]}, then says so.
 */
public final class ChildSetRequestor {
  private ChildSetRequestor() {}

  public static void main(String[] args) throws Exception {
    List<SetMember> members = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] nameSocket = args[i].split("=", 2);
      RemoteCoordinator c = RemoteCoordinator.connect(Path.of(nameSocket[1]), "child-set");
      members.add(SetMember.local(nameSocket[0], c, c.disconnected()));
    }
    SetReport report =
        new SetBackup(members, Duration.ofSeconds(30), Duration.ofSeconds(60))
            .backup(BackupOptions.full(), Path.of(args[0]), ProgressListener.none());
    System.out.println("DONE " + report.id());
  }
}
