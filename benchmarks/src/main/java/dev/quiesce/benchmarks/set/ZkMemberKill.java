package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.crash.ChildJvm;
import dev.quiesce.benchmarks.crash.Waits;
import dev.quiesce.cluster.ClusterException;
import dev.quiesce.cluster.ClusterMember;
import dev.quiesce.cluster.ClusterRequestor;
import dev.quiesce.cluster.ClusterSetOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;

/**
 * Across hosts: two members and the requestor here, a third member in the child, killed while every
 * writer is frozen. The requestor notices when ZooKeeper expires the dead member's session and
 * deletes its node, and aborts the set: the members here thaw.
 */
final class ZkMemberKill implements KillScenario {
  private static final String CHILD = "child";

  private final HeldMembers members;
  private final ZkServer zk;
  private final Duration session;
  private final List<CuratorFramework> clients = new ArrayList<>();
  private final List<ClusterMember> joined = new ArrayList<>();
  private final ClusterRequestor requestor;
  private Path setDir;
  private CompletableFuture<Void> backup = CompletableFuture.completedFuture(null);

  ZkMemberKill(HeldMembers members, ZkServer zk, Duration session, Duration ownSession) {
    this.members = members;
    this.zk = zk;
    this.session = session;
    for (int i = 0; i < members.coordinators.size(); i++) {
      CuratorFramework client = ZkServer.ACCESS.connect(zk.connectString(), ownSession);
      clients.add(client);
      joined.add(
          ClusterMember.join(client, ZkServer.ACCESS, "here-" + i, members.coordinators.get(i)));
    }
    CuratorFramework client = ZkServer.ACCESS.connect(zk.connectString(), ownSession);
    clients.add(client);
    requestor = ClusterRequestor.using(client, ZkServer.ACCESS);
  }

  @Override
  public String name() {
    return "zk.member";
  }

  @Override
  public int writers() {
    return members.coordinators.size();
  }

  @Override
  public Duration sessionTimeout() {
    return session;
  }

  @Override
  public ChildJvm start(Path dir, int n) {
    setDir = dir.resolve("set-" + n);
    return ChildJvm.start(
        SetKillChild.class,
        dir.resolve("child-" + n + ".log"),
        "zk-member",
        zk.connectString(),
        Long.toString(session.toMillis()),
        CHILD);
  }

  @Override
  public void begin(ChildJvm child) {
    Waits.until(
        () -> requestor.members().stream().anyMatch(m -> m.name().equals(CHILD)),
        child,
        "the child to be a member");
    ClusterSetOptions options =
        ClusterSetOptions.defaults()
            .withFreezeWindow(Duration.ofSeconds(30))
            .withTimeout(Duration.ofMinutes(2));
    backup = CompletableFuture.runAsync(() -> requestor.backup(setDir, options));
  }

  @Override
  public void settle(ChildJvm child) throws Exception {
    try {
      backup.get(Waits.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new IllegalStateException(child.failure("was killed, but the set completed"));
    } catch (ExecutionException expected) {
      if (!(expected.getCause() instanceof ClusterException)) {
        throw expected;
      }
    }
    members.awaitIdle(child);
  }

  @Override
  public void close() {
    requestor.close();
    joined.forEach(ClusterMember::close);
    clients.forEach(CuratorFramework::close);
  }
}
