package dev.quiesce.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.set.SetVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A member in its own JVM: ten sets in a row with it, each whole; SIGKILLed or SIGSTOPped inside
 * the global freeze: the members in this JVM are thawed, each writer gets one BackupShutdown naming
 * the set with cause ABORTED, and the next set succeeds.
 */
class MemberProcessFaultTest extends ProcessFixture {
  @Test
  void tenSetsAcrossThreeMembersOneInItsOwnJvmAreEachWhole() throws Exception {
    app("orders");
    app("shipping");
    ClusterRequestor requestor = requestor();
    // Not "billing" as below: a killed child's member node lives on until its session expires.
    try (ChildJvm invoicing =
        ChildJvm.start(
            root.resolve("child"),
            ChildMember.class,
            zk.connectString(),
            "invoicing",
            root.resolve("apps").toString(),
            "healthy")) {
      invoicing.awaitLine("JOINED", START);
      awaitMembers(requestor, 3);
      for (int i = 0; i < 10; i++) {
        Path dir = root.resolve("set-" + i);
        ClusterSetReport report = requestor.backup(dir, window(Duration.ofSeconds(60)));
        assertEquals(3, report.parts().size(), "every member wrote its part");
        assertEquals(report.id(), SetVerifier.verify(dir).manifest().setId());
        for (App app : apps) {
          app.assertEnded(report.id(), ShutdownCause.COMPLETED);
        }
      }
    }
    // The child is killed on close: wait until its member node is gone with its session, so that
    // the next test's sets do not count it.
    awaitMembers(requestor, 2);
  }

  @Test
  void aMemberKilledInTheGlobalFreezeAbortsTheSetAndTheOthersThaw() throws Exception {
    app("orders");
    app("shipping");
    ClusterRequestor requestor = requestor();
    try (ChildJvm billing =
        ChildJvm.start(
            root.resolve("child"),
            ChildMember.class,
            zk.connectString(),
            "billing",
            root.resolve("apps").toString())) {
      billing.awaitLine("JOINED", START);
      awaitMembers(requestor, 3);
      CompletableFuture<ClusterSetReport> set =
          CompletableFuture.supplyAsync(
              () -> requestor.backup(root.resolve("set"), window(Duration.ofSeconds(60))));
      billing.awaitLine("FROZEN", START);
      SnapshotSetId id = ZooKeeperFaultTest.setOf(apps.get(0));
      billing.kill();

      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> set.get(60, TimeUnit.SECONDS));
      assertTrue(
          failed.getCause().getMessage().contains("billing"), failed.getCause().getMessage());
      for (App app : apps) {
        app.assertEnded(id, ShutdownCause.ABORTED);
      }
    }
    awaitMembers(requestor, 2);
    ClusterSetReport next = requestor.backup(root.resolve("next"), window(Duration.ofSeconds(60)));
    for (App app : apps) {
      app.assertEnded(next.id(), ShutdownCause.COMPLETED);
    }
  }

  @Test
  void aMemberStoppedInFreezeLeavesTheOthersThawedAtTheirDeadline() throws Exception {
    app("orders");
    app("shipping");
    ClusterRequestor requestor = requestor();
    try (ChildJvm billing =
        ChildJvm.start(
            root.resolve("child"),
            ChildMember.class,
            zk.connectString(),
            "billing",
            root.resolve("apps").toString())) {
      billing.awaitLine("JOINED", START);
      awaitMembers(requestor, 3);
      // A window shorter than the stopped member's session: the deadline, not its lost session,
      // is what thaws the others.
      CompletableFuture<ClusterSetReport> set =
          CompletableFuture.supplyAsync(
              () -> requestor.backup(root.resolve("set"), window(Duration.ofSeconds(2))));
      billing.awaitLine("FROZEN", START);
      billing.signal("STOP");
      SnapshotSetId id = ZooKeeperFaultTest.setOf(apps.get(0));

      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> set.get(60, TimeUnit.SECONDS));
      String cause = failed.getCause().getMessage();
      assertTrue(cause.contains("freeze window"), cause);
      for (App app : apps) {
        app.assertEnded(id, ShutdownCause.ABORTED);
      }
      billing.signal("CONT");
    }
    awaitMembers(requestor, 2);
    ClusterSetReport next = requestor.backup(root.resolve("next"), window(Duration.ofSeconds(60)));
    assertEquals(2, next.parts().size());
    for (App app : apps) {
      app.assertEnded(next.id(), ShutdownCause.COMPLETED);
    }
  }
}
