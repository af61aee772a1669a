package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.crash.ChildJvm;
import dev.quiesce.cluster.ClusterMember;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;

/**
 * Across hosts: three members here, each with its own ZooKeeper client; the child is the requestor
 * ({@link dev.quiesce.cluster.ClusterRequestor}), killed while every writer is frozen. The members
 * notice when ZooKeeper expires the dead requestor's session and deletes its {@code owner} node.
 */
final class ZkRequestorKill implements KillScenario {
  private final HeldMembers members;
  private final ZkServer zk;
  private final Duration session;
  private final List<CuratorFramework> clients = new ArrayList<>();
  private final List<ClusterMember> joined = new ArrayList<>();

  ZkRequestorKill(HeldMembers members, ZkServer zk, Duration session, Duration ownSession) {
    this.members = members;
    this.zk = zk;
    this.session = session;
    for (int i = 0; i < members.coordinators.size(); i++) {
      CuratorFramework client = ZkServer.ACCESS.connect(zk.connectString(), ownSession);
      clients.add(client);
      joined.add(
          ClusterMember.join(client, ZkServer.ACCESS, "here-" + i, members.coordinators.get(i)));
    }
  }

  @Override
  public String name() {
    return "zk.requestor";
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
    return ChildJvm.start(
        SetKillChild.class,
        dir.resolve("child-" + n + ".log"),
        "zk-requestor",
        zk.connectString(),
        Long.toString(session.toMillis()),
        dir.resolve("set-" + n).toString());
  }

  @Override
  public void begin(ChildJvm child) {
    child.go();
  }

  @Override
  public void settle(ChildJvm child) {
    members.awaitIdle(child);
  }

  @Override
  public void close() {
    joined.forEach(ClusterMember::close);
    clients.forEach(CuratorFramework::close);
  }
}
