package dev.quiesce.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.testing.Fault;
import dev.quiesce.runtime.testing.SeenEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of ZooKeeper itself during a set: a member cut off from the ensemble (the one server it
 * can reach is killed) and the ensemble's leader killed. In each, nobody stays frozen, every writer
 * gets one BackupShutdown naming the set, and the next set succeeds.
 */
class ZooKeeperFaultTest {
  /** Far longer than the test's waits: a thaw seen within them is not the watchdog's. */
  private static final ClusterSetOptions OPTIONS =
      ClusterSetOptions.defaults()
          .withFreezeWindow(Duration.ofSeconds(60))
          .withTimeout(Duration.ofSeconds(90));

  private ZkTestCluster zk;
  private final List<App> apps = new ArrayList<>();
  private final List<CuratorFramework> clients = new ArrayList<>();
  @TempDir Path root;

  @BeforeEach
  void start() throws Exception {
    zk = new ZkTestCluster();
  }

  @AfterEach
  void stop() throws Exception {
    apps.forEach(App::close);
    clients.forEach(CuratorFramework::close);
    zk.close();
  }

  private CuratorFramework track(CuratorFramework client) {
    clients.add(client);
    return client;
  }

  private String connectStringWithout(InstanceSpec server) {
    return zk.servers().stream()
        .filter(s -> !s.equals(server))
        .map(InstanceSpec::getConnectString)
        .collect(Collectors.joining(","));
  }

  @Test
  void aMemberCutOffFromZooKeeperThawsAtOnceAndTheSetAborts() throws Exception {
    InstanceSpec follower = zk.follower();
    String others = connectStringWithout(follower);
    apps.add(
        new App(
            "orders", root, track(ZkTestCluster.ACCESS.connect(others, ZkTestCluster.SESSION))));
    apps.add(
        new App(
            "shipping", root, track(ZkTestCluster.ACCESS.connect(others, ZkTestCluster.SESSION))));
    App cutOff = new App("billing", root, track(zk.clientOf(follower)));
    apps.add(cutOff);
    ClusterRequestor requestor =
        ClusterRequestor.using(
            track(ZkTestCluster.ACCESS.connect(others, ZkTestCluster.SESSION)),
            ZkTestCluster.ACCESS);

    cutOff.tableFaults.inject(WriterEvent.FREEZE, Fault.hang());
    CompletableFuture<ClusterSetReport> set =
        CompletableFuture.supplyAsync(() -> requestor.backup(root.resolve("set"), OPTIONS));
    assertTrue(cutOff.tableFaults.awaitFault(WriterEvent.FREEZE, App.WAIT), "billing is freezing");
    SnapshotSetId id = setOf(cutOff);

    zk.kill(follower);
    // Its FRONT_END cache was frozen; it is thawed long before any window ends.
    SeenEvent freeze = cutOff.freezeOf(cutOff.cacheEvents, id);
    cutOff.cacheEvents.awaitEvent(freeze.session(), WriterEvent.THAW, App.WAIT);
    cutOff.tableFaults.releaseHangs();

    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> set.get(60, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof ClusterException, failed.toString());
    for (App app : apps) {
      app.assertEnded(id, ShutdownCause.ABORTED);
    }

    zk.restart(follower);
    Poll.until(
        "billing registered again",
        Duration.ofSeconds(30),
        () -> requestor.members().stream().anyMatch(m -> m.name().equals("billing")));
    ClusterSetReport next = requestor.backup(root.resolve("next"), OPTIONS);
    for (App app : apps) {
      app.assertEnded(next.id(), ShutdownCause.COMPLETED);
    }
  }

  @Test
  void theLeaderKilledDuringASetLeavesItCompletedOrAbortedCleanly() throws Exception {
    for (String name : List.of("orders", "shipping", "billing")) {
      apps.add(new App(name, root, track(zk.client())));
    }
    ClusterRequestor requestor = ClusterRequestor.using(track(zk.client()), ZkTestCluster.ACCESS);
    App orders = apps.get(0);
    orders.cacheFaults.inject(WriterEvent.FREEZE, Fault.hang());
    CompletableFuture<ClusterSetReport> set =
        CompletableFuture.supplyAsync(() -> requestor.backup(root.resolve("set"), OPTIONS));
    assertTrue(orders.cacheFaults.awaitFault(WriterEvent.FREEZE, App.WAIT), "orders is freezing");
    SnapshotSetId id = setOf(orders);

    InstanceSpec leader = zk.leader().orElseThrow();
    zk.kill(leader);
    orders.cacheFaults.releaseHangs();

    Optional<ClusterSetReport> report;
    try {
      report = Optional.of(set.get(60, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      assertTrue(e.getCause() instanceof ClusterException, e.toString());
      report = Optional.empty();
    }
    Set<ShutdownCause> clean =
        report.isPresent()
            ? Set.of(ShutdownCause.COMPLETED)
            : Set.of(ShutdownCause.ABORTED, ShutdownCause.REQUESTOR_LOST);
    for (App app : apps) {
      app.assertEnded(id, clean);
    }

    zk.restart(leader);
    Poll.until(
        "every member registered", Duration.ofSeconds(30), () -> requestor.members().size() == 3);
    ClusterSetReport next = requestor.backup(root.resolve("next"), OPTIONS);
    for (App app : apps) {
      app.assertEnded(next.id(), ShutdownCause.COMPLETED);
    }
  }

  /** The set the app's writers saw last. */
  static SnapshotSetId setOf(App app) {
    Poll.until(
        app.name + " saw a snapshot set id",
        App.WAIT,
        () ->
            app.cacheEvents.events().stream().anyMatch(e -> e.snapshotSetId().isPresent())
                || app.tableEvents.events().stream().anyMatch(e -> e.snapshotSetId().isPresent()));
    List<SeenEvent> events = new ArrayList<>(app.cacheEvents.events());
    events.addAll(app.tableEvents.events());
    return events.stream()
        .filter(e -> e.snapshotSetId().isPresent())
        .max((a, b) -> a.started().compareTo(b.started()))
        .orElseThrow()
        .snapshotSetId()
        .orElseThrow();
  }
}
