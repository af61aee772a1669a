package dev.quiesce.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.testing.Fault;
import dev.quiesce.set.SetKind;
import dev.quiesce.set.SetManifest;
import dev.quiesce.set.SetVerifier;
import dev.quiesce.set.VerifiedSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three applications, each with its own coordinator and writers, backed up as one snapshot set
 * through the public API: the set archive written and verified, every writer's events, and the
 * set's end when a writer vetoes or the requestor vanishes.
 */
class ClusterBackupTest {
  private static final ClusterSetOptions OPTIONS =
      ClusterSetOptions.defaults()
          .withFreezeWindow(Duration.ofSeconds(20))
          .withTimeout(Duration.ofSeconds(40));

  private static ZkTestCluster zk;
  private final List<App> apps = new ArrayList<>();
  private final List<CuratorFramework> clients = new ArrayList<>();
  @TempDir Path root;

  @BeforeAll
  static void start() throws Exception {
    zk = new ZkTestCluster();
  }

  @AfterAll
  static void stop() throws Exception {
    zk.close();
  }

  @BeforeEach
  void join() throws Exception {
    for (String name : List.of("orders", "shipping", "billing")) {
      apps.add(new App(name, root.resolve("apps"), client()));
    }
  }

  @AfterEach
  void leave() {
    apps.forEach(App::close);
    clients.forEach(CuratorFramework::close);
  }

  private CuratorFramework client() {
    CuratorFramework client = zk.client();
    clients.add(client);
    return client;
  }

  private ClusterRequestor requestor() {
    return ClusterRequestor.using(client(), ZkTestCluster.ACCESS);
  }

  @Test
  void threeApplicationsTakeTenSetsTogetherAndWriteTheirParts() throws Exception {
    ClusterRequestor requestor = requestor();
    List<String> names = requestor.members().stream().map(MemberInfo::name).toList();
    assertEquals(List.of("billing", "orders", "shipping"), names);
    assertEquals(List.of("table", "cache"), requestor.members().get(0).writers());
    // Ten sets in a row, as the issue asks: each whole and verified, every writer ended once.
    for (int i = 0; i < 10; i++) {
      Path dir = root.resolve("set-" + i);
      ClusterSetReport report = requestor.backup(dir, OPTIONS);
      Instant lastCacheFreeze = Instant.MIN;
      Instant firstTableFreeze = Instant.MAX;
      for (App app : apps) {
        app.assertEnded(report.id(), ShutdownCause.COMPLETED);
        Instant cache = app.freezeOf(app.cacheEvents, report.id()).started();
        Instant table = app.freezeOf(app.tableEvents, report.id()).started();
        lastCacheFreeze = cache.isAfter(lastCacheFreeze) ? cache : lastCacheFreeze;
        firstTableFreeze = table.isBefore(firstTableFreeze) ? table : firstTableFreeze;
      }
      assertFalse(
          lastCacheFreeze.isAfter(firstTableFreeze),
          "every FRONT_END writer froze before any BACK_END writer");
      assertEquals(3, report.parts().size());
      VerifiedSet verified = SetVerifier.verify(dir);
      assertEquals(report.id(), verified.manifest().setId());
      assertEquals(SetKind.ZOOKEEPER, verified.manifest().kind());
      assertEquals(
          List.of("billing", "orders", "shipping"),
          verified.manifest().parts().stream().map(SetManifest.Part::member).toList());
      for (PartSummary part : report.parts()) {
        Path manifest = dir.resolve(part.path()).resolve(Manifest.FILE_NAME);
        String sha =
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(manifest)));
        assertEquals(sha, part.manifestSha256(), part.member() + "'s manifest digest");
        Manifest parsed = Manifest.fromJson(Files.readAllBytes(manifest));
        assertEquals(report.id(), parsed.snapshotSetId(), part.member() + "'s part names the set");
        assertEquals(2, part.writers());
        assertEquals(2, part.files());
      }
    }
  }

  @Test
  void aWriterThatVetoesFreezeAbortsTheSetOnEveryMember() throws Exception {
    ClusterRequestor requestor = requestor();
    App billing = apps.get(2);
    billing.tableFaults.inject(
        WriterEvent.FREEZE, Fault.fail(WriterFailure.RETRYABLE, "injected: the disk is busy"));
    ClusterException aborted =
        assertThrows(ClusterException.class, () -> requestor.backup(root.resolve("bad"), OPTIONS));
    assertTrue(aborted.getMessage().contains("billing"), aborted.getMessage());
    SnapshotSetId id = idOf(billing);
    for (App app : apps) {
      app.assertEnded(id, ShutdownCause.ABORTED);
    }
    ClusterSetReport next = requestor.backup(root.resolve("next"), OPTIONS);
    for (App app : apps) {
      app.assertEnded(next.id(), ShutdownCause.COMPLETED);
    }
  }

  @Test
  void anAbortThawsAMemberAtOnceEvenWhileOneOfItsWritersIsStillFreezing() throws Exception {
    ClusterRequestor requestor = requestor();
    App orders = apps.get(0);
    App billing = apps.get(2);
    billing.tableFaults.inject(WriterEvent.FREEZE, Fault.hang());
    orders.tableFaults.inject(
        WriterEvent.FREEZE, Fault.fail(WriterFailure.RETRYABLE, "injected: the disk is busy"));
    CompletableFuture<ClusterSetReport> set =
        CompletableFuture.supplyAsync(
            () ->
                requestor.backup(
                    root.resolve("bad"), OPTIONS.withFreezeWindow(Duration.ofSeconds(60))));
    assertTrue(billing.tableFaults.awaitFault(WriterEvent.FREEZE, App.WAIT), "billing froze");
    SnapshotSetId id = idOf(billing);
    // billing's table is still inside its Freeze handler (released only below); its cache is
    // thawed all the same, well before the 60 s window or the 10 s event timeout ends it.
    billing.cacheEvents.awaitEvent(
        billing.freezeOf(billing.cacheEvents, id).session(),
        WriterEvent.THAW,
        Duration.ofSeconds(8));
    billing.tableFaults.releaseHangs();
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> set.get(30, TimeUnit.SECONDS));
    assertTrue(failed.getCause().getMessage().contains("orders"), failed.getCause().getMessage());
    for (App app : apps) {
      app.assertEnded(id, ShutdownCause.ABORTED);
    }
  }

  @Test
  void aRequestorThatVanishesInTheFreezeLeavesEveryWriterThawedWithRequestorLost()
      throws Exception {
    CuratorFramework requestorClient = zk.client();
    ClusterRequestor requestor = ClusterRequestor.using(requestorClient, ZkTestCluster.ACCESS);
    App billing = apps.get(2);
    billing.tableFaults.inject(WriterEvent.FREEZE, Fault.hang());
    CompletableFuture<ClusterSetReport> set =
        CompletableFuture.supplyAsync(() -> requestor.backup(root.resolve("lost"), OPTIONS));
    assertTrue(billing.tableFaults.awaitFault(WriterEvent.FREEZE, App.WAIT), "billing froze");
    SnapshotSetId id = idOf(billing);
    requestorClient.close(); // its session ends: the owner node goes at once
    billing.tableFaults.releaseHangs();
    for (App app : apps) {
      app.assertEnded(id, ShutdownCause.REQUESTOR_LOST);
    }
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> set.get(30, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof ClusterException, failed.toString());

    ClusterSetReport next = requestor().backup(root.resolve("next"), OPTIONS);
    for (App app : apps) {
      app.assertEnded(next.id(), ShutdownCause.COMPLETED);
    }
  }

  /** The set id the app's writers saw last. */
  private static SnapshotSetId idOf(App app) {
    Poll.until(
        app.name + " saw a snapshot set id",
        App.WAIT,
        () -> app.tableEvents.events().stream().anyMatch(e -> e.snapshotSetId().isPresent()));
    List<dev.quiesce.runtime.testing.SeenEvent> events = app.tableEvents.events();
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).snapshotSetId().isPresent()) {
        return events.get(i).snapshotSetId().get();
      }
    }
    throw new AssertionError("unreachable");
  }
}
