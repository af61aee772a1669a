package dev.quiesce.cluster;

import static dev.quiesce.api.ApplicationLevel.BACK_END;
import static dev.quiesce.api.ApplicationLevel.FRONT_END;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ShutdownCause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot sets across three members on a 3-server ensemble, and the cluster's ACLs. */
class ClusterSetTest {
  private static final ClusterSetOptions OPTIONS =
      ClusterSetOptions.defaults()
          .withFreezeWindow(Duration.ofSeconds(20))
          .withTimeout(Duration.ofSeconds(30));

  private static ZkTestCluster zk;

  @BeforeAll
  static void start() throws Exception {
    zk = new ZkTestCluster();
  }

  @AfterAll
  static void stop() throws Exception {
    zk.close();
  }

  @Test
  void tenSetsAcrossThreeMembersFreezeLevelByLevelEverywhere(@TempDir Path dir) throws Exception {
    List<List<PartSummary>> manifests = Collections.synchronizedList(new ArrayList<>());
    try (Members members = new Members();
        ClusterRequestor requestor =
            ClusterRequestor.start(zk.client(), ZkTestCluster.ACCESS, true)
                .withManifest((spec, parts) -> manifests.add(parts))) {
      for (String name : List.of("orders", "shipping", "billing")) {
        members.join(zk.client(), name);
      }
      assertEquals(
          List.of("billing", "orders", "shipping"),
          requestor.members().stream().map(MemberInfo::name).toList());
      assertEquals(List.of("orders-db"), requestor.members().get(1).writers());

      for (int i = 0; i < 10; i++) {
        ClusterSetReport report = requestor.backup(dir.resolve("set-" + i), OPTIONS);
        members.assertEnded(report.id(), ShutdownCause.COMPLETED);
        assertEquals(3, report.parts().size());
        for (PartSummary part : report.parts()) {
          assertTrue(
              Files.isRegularFile(
                  dir.resolve("set-" + i).resolve(part.path()).resolve("manifest.json")),
              part.member() + "'s part is in the set's directory");
        }
        assertBarrierOrder(members);
      }
      assertEquals(10, manifests.size(), "a set manifest for each set");
      assertEquals(
          List.of(),
          zk.client().getChildren().forPath("/quiesce/shop/sets"),
          "no set left in ZooKeeper");
    }
  }

  @Test
  void levelsNoMemberHasWritersAtAreNotBarriersButStillRunOnEachMemberInOrder(@TempDir Path dir)
      throws Exception {
    try (Members members = new Members();
        ClusterRequestor requestor =
            ClusterRequestor.start(zk.client(), ZkTestCluster.ACCESS, true)) {
      members.join(zk.client(), new RecordedSets("web").withLevels(Set.of(FRONT_END)));
      members.join(zk.client(), new RecordedSets("db").withLevels(Set.of(BACK_END)));
      members.join(zk.client(), new RecordedSets("cache").withLevels(Set.of(FRONT_END)));
      for (int i = 0; i < 3; i++) {
        ClusterSetReport report = requestor.backup(dir.resolve("set-" + i), OPTIONS);
        members.assertEnded(report.id(), ShutdownCause.COMPLETED);
        for (RecordedSets member : members.sets) {
          assertEquals(
              List.of(Phase.values()),
              member.last().events().stream().map(RecordedSets.Event::phase).toList(),
              member.member + " ran every step, SYSTEM's freeze and thaw included, in order");
        }
        Map<Phase, long[]> spans = spans(members);
        spans.keySet().removeAll(Set.of(Phase.FREEZE_SYSTEM, Phase.THAW_SYSTEM));
        assertOrdered(spans);
      }

      // No barrier at SYSTEM: while web hangs thawing SYSTEM, db thaws BACK_END all the same.
      RecordedSets web = members.get("web");
      RecordedSets db = members.get("db");
      RecordedSets.Fault hang = web.hangAt(Phase.THAW_SYSTEM);
      CompletableFuture<ClusterSetReport> set =
          CompletableFuture.supplyAsync(() -> requestor.backup(dir.resolve("set-hang"), OPTIONS));
      assertTrue(hang.entered.await(20, TimeUnit.SECONDS), "web reached THAW_SYSTEM");
      Poll.until(
          "db thawed BACK_END while web hangs in THAW_SYSTEM",
          Members.WAIT,
          () -> db.last().events().stream().anyMatch(e -> e.phase() == Phase.THAW_BACK_END));
      hang.release.countDown();
      members.assertEnded(set.get(20, TimeUnit.SECONDS).id(), ShutdownCause.COMPLETED);
    }
  }

  /** Every member finished each phase of the last set before any member started the next. */
  private static void assertBarrierOrder(Members members) {
    Map<Phase, long[]> spans = spans(members);
    assertEquals(Phase.values().length, spans.size(), "every phase ran: " + spans.keySet());
    assertOrdered(spans);
  }

  /** Each phase's first and last event across the members, in the last set. */
  private static Map<Phase, long[]> spans(Members members) {
    Map<Phase, long[]> spans = new TreeMap<>();
    for (RecordedSets member : members.sets) {
      for (RecordedSets.Event e : member.last().events()) {
        long[] span = spans.computeIfAbsent(e.phase(), p -> new long[] {Long.MAX_VALUE, 0});
        span[0] = Math.min(span[0], e.seq());
        span[1] = Math.max(span[1], e.seq());
      }
    }
    return spans;
  }

  /** Each phase ended on every member before the next one began on any. */
  private static void assertOrdered(Map<Phase, long[]> spans) {
    long[] previous = null;
    Phase before = null;
    for (Map.Entry<Phase, long[]> entry : spans.entrySet()) {
      if (previous != null) {
        assertTrue(
            previous[1] < entry.getValue()[0],
            before + " ended on every member before " + entry.getKey() + " began on any");
      }
      previous = entry.getValue();
      before = entry.getKey();
    }
  }

  @Test
  void aClientWithoutTheSecretCanNeitherReadNorChangeTheCluster(@TempDir Path dir)
      throws Exception {
    try (Members members = new Members()) {
      members.join(zk.client(), "orders");
      try (CuratorFramework anonymous =
              CuratorFrameworkFactory.newClient(zk.connectString(), new RetryOneTime(100));
          CuratorFramework wrongSecret =
              new ClusterAccess("shop", "not-the-secret-at-all")
                  .connect(zk.connectString(), ZkTestCluster.SESSION)) {
        anonymous.start();
        anonymous.blockUntilConnected();
        for (CuratorFramework outsider : List.of(anonymous, wrongSecret)) {
          assertThrows(
              KeeperException.NoAuthException.class,
              () -> outsider.getChildren().forPath("/quiesce/shop/members"));
          assertThrows(
              KeeperException.NoAuthException.class,
              () -> outsider.getData().forPath("/quiesce/shop/members/orders"));
          assertThrows(
              KeeperException.NoAuthException.class,
              () -> outsider.create().forPath("/quiesce/shop/sets/forged"));
          assertThrows(
              KeeperException.NoAuthException.class,
              () -> outsider.delete().forPath("/quiesce/shop/members/orders"));
        }
        ClusterRequestor outsiderRequestor =
            ClusterRequestor.using(wrongSecret, new ClusterAccess("shop", "not-the-secret-at-all"));
        ClusterException refused = assertThrows(ClusterException.class, outsiderRequestor::members);
        assertTrue(refused.getMessage().contains("NoAuth"), refused.getMessage());
        assertThrows(
            ClusterException.class,
            () -> outsiderRequestor.backup(dir, OPTIONS),
            "no set can be opened without the secret");
        assertEquals(List.of(), members.get("orders").runs(), "the member ran no set");
      }
    }
  }
}
