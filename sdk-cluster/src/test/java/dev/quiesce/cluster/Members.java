package dev.quiesce.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;

/** In-process members with recorded local sets, and the checks every test makes on them. */
final class Members implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  final List<RecordedSets> sets = new ArrayList<>();
  private final List<ClusterMember> members = new ArrayList<>();

  void join(CuratorFramework client, String name) {
    join(client, new RecordedSets(name));
  }

  /** Joins a member whose local sets are {@code recorded}. */
  void join(CuratorFramework client, RecordedSets recorded) {
    String name = recorded.member;
    members.add(
        ClusterMember.start(
            client, true, ZkTestCluster.ACCESS, name, List.of(name + "-db"), recorded));
    sets.add(recorded);
  }

  RecordedSets get(String name) {
    return sets.stream().filter(s -> s.member.equals(name)).findFirst().orElseThrow();
  }

  /**
   * Every member ran set {@code id} exactly once, got exactly one BackupShutdown with {@code
   * cause}, and is not frozen.
   */
  void assertEnded(SnapshotSetId id, ShutdownCause cause) throws InterruptedException {
    for (RecordedSets member : sets) {
      List<RecordedSets.Run> runs = member.runs().stream().filter(r -> r.id().equals(id)).toList();
      assertEquals(1, runs.size(), member.member + " ran set " + id + " once");
      RecordedSets.Run run = runs.get(0);
      assertEquals(cause, run.awaitShutdown(WAIT), member.member + "'s BackupShutdown");
      assertTrue(!run.frozenNow(), member.member + " is thawed");
    }
  }

  /** The set that every member ran last (the same for all). */
  SnapshotSetId lastSet() {
    SnapshotSetId id = sets.get(0).last().id();
    for (RecordedSets member : sets) {
      assertEquals(id, member.last().id(), member.member + "'s last set");
    }
    return id;
  }

  @Override
  public void close() {
    members.forEach(ClusterMember::close);
  }
}
