package dev.quiesce.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.testing.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The requestor in its own JVM, SIGKILLed inside the global freeze: every member thaws once the
 * requestor's session ends, every writer gets one BackupShutdown naming the set with cause
 * REQUESTOR_LOST, and the next requestor removes the stale set and succeeds.
 */
class RequestorProcessFaultTest extends ProcessFixture {
  @Test
  void theRequestorKilledInTheGlobalFreezeLeavesEveryWriterThawedWithRequestorLost()
      throws Exception {
    App orders = app("orders");
    app("shipping");
    app("billing");
    orders.tableFaults.inject(WriterEvent.FREEZE, Fault.hang());
    SnapshotSetId id;
    try (ChildJvm requestor =
        ChildJvm.start(
            root.resolve("child"),
            ChildRequestor.class,
            zk.connectString(),
            root.resolve("set").toString())) {
      assertTrue(orders.tableFaults.awaitFault(WriterEvent.FREEZE, START), "orders is freezing");
      id = ZooKeeperFaultTest.setOf(orders);
      requestor.kill();
    }
    orders.tableFaults.releaseHangs();
    for (App app : apps) {
      app.assertEnded(id, ShutdownCause.REQUESTOR_LOST);
    }
    ClusterSetReport next =
        requestor().backup(root.resolve("next"), window(Duration.ofSeconds(60)));
    for (App app : apps) {
      app.assertEnded(next.id(), ShutdownCause.COMPLETED);
    }
  }
}
