package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.crash.ChildJvm;
import dev.quiesce.benchmarks.crash.Waits;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import dev.quiesce.set.SetBackup;
import dev.quiesce.set.SetMember;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One host: two applications here behind their daemons, and a third in the child behind its own;
 * the requestor ({@link SetBackup}) runs here over the three sockets, and the child application is
 * killed while every writer is frozen. The requestor notices the child's connection end ({@link
 * RemoteCoordinator#disconnected()}) and aborts the set: the writers here are thawed.
 */
final class LocalMemberKill implements KillScenario {
  private final HeldMembers members;
  private final List<QuiesceDaemon> daemons;
  private final List<RemoteCoordinator> remotes = new ArrayList<>();
  private Path childSocket;
  private Path setDir;
  private CompletableFuture<Void> backup = CompletableFuture.completedFuture(null);

  LocalMemberKill(HeldMembers members, Path dir) throws IOException {
    this.members = members;
    this.daemons = members.startDaemons(dir);
  }

  @Override
  public String name() {
    return "local.member";
  }

  @Override
  public int writers() {
    return members.coordinators.size();
  }

  @Override
  public Duration sessionTimeout() {
    return Duration.ZERO;
  }

  @Override
  public ChildJvm start(Path dir, int n) {
    childSocket = dir.resolve("m" + n + ".sock");
    setDir = dir.resolve("set-" + n);
    return ChildJvm.start(
        SetKillChild.class,
        dir.resolve("child-" + n + ".log"),
        "set-member",
        childSocket.toString());
  }

  @Override
  public void begin(ChildJvm child) throws IOException {
    List<SetMember> set = new ArrayList<>();
    for (int i = 0; i < daemons.size(); i++) {
      set.add(member("here-" + i, daemons.get(i).socket()));
    }
    set.add(member("child", childSocket));
    SetBackup b = new SetBackup(set, Duration.ofSeconds(30), Duration.ofMinutes(2));
    backup =
        CompletableFuture.runAsync(
            () -> {
              try {
                b.backup(BackupOptions.full(), setDir, ProgressListener.none());
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  private SetMember member(String name, Path socket) throws IOException {
    RemoteCoordinator c = RemoteCoordinator.connect(socket, "set-kill-requestor");
    remotes.add(c);
    return SetMember.local(name, c, c.disconnected());
  }

  @Override
  public void settle(ChildJvm child) throws Exception {
    try {
      backup.get(Waits.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new IllegalStateException(child.failure("was killed, but the set completed"));
    } catch (ExecutionException expected) {
      // the set failed, naming the dead member: as it should
    }
    remotes.forEach(RemoteCoordinator::close);
    remotes.clear();
    members.awaitIdle(child);
    Waits.until(
        () -> daemons.stream().allMatch(d -> d.connectedRequestors() == 0),
        child,
        "the daemons' connections to be dropped");
  }

  @Override
  public void close() {
    remotes.forEach(RemoteCoordinator::close);
    daemons.forEach(QuiesceDaemon::close);
  }
}
