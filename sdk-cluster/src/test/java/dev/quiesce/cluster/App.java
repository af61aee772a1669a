package dev.quiesce.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.WritersModule;
import dev.quiesce.runtime.testing.EventRecorder;
import dev.quiesce.runtime.testing.FaultInjector;
import dev.quiesce.runtime.testing.PassThroughSnapshotProvider;
import dev.quiesce.runtime.testing.SeenEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;

/**
 * An application that hosts a FRONT_END cache and a BACK_END table writer on its own coordinator,
 * each behind a fault injector and a recorder, and joins the cluster as a member.
 */
final class App implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  final String name;
  final Coordinator coordinator;
  final TableWriter table;
  final CacheWriter cache;
  final FaultInjector<TableWriter> tableFaults;
  final FaultInjector<CacheWriter> cacheFaults;
  final EventRecorder<TableWriter> tableEvents;
  final EventRecorder<CacheWriter> cacheEvents;
  final ClusterMember member;

  App(String name, Path root, CuratorFramework client) throws IOException {
    this.name = name;
    coordinator =
        Guice.createInjector(
                QuiesceModule.builder()
                    .snapshotProvider(new PassThroughSnapshotProvider())
                    .eventTimeouts(Duration.ofSeconds(10))
                    .closeWait(Duration.ofSeconds(10))
                    .build())
            .getInstance(Coordinator.class);
    Path tables = Files.createDirectories(root.resolve(name).resolve("tables"));
    Path spill = Files.createDirectories(root.resolve(name).resolve("spill"));
    Files.writeString(tables.resolve("orders.tbl"), name + " rows\n");
    Files.writeString(spill.resolve("cache.bin"), name + " cache\n");
    table = new TableWriter(tables);
    cache = new CacheWriter(spill);
    tableFaults = new FaultInjector<>(WritersModule.dispatcherOf(TableWriter.class));
    cacheFaults = new FaultInjector<>(WritersModule.dispatcherOf(CacheWriter.class));
    tableEvents = new EventRecorder<>(tableFaults);
    cacheEvents = new EventRecorder<>(cacheFaults);
    coordinator.subscribe(tableEvents, table);
    coordinator.subscribe(cacheEvents, cache);
    member = ClusterMember.join(client, ZkTestCluster.ACCESS, name, coordinator);
  }

  List<EventRecorder<?>> recorders() {
    return List.of(cacheEvents, tableEvents);
  }

  /**
   * Each writer took part in set {@code id} in one session, got exactly one BackupShutdown naming
   * the set with {@code cause}, kept the runtime's ordering invariants, and is not frozen.
   */
  void assertEnded(SnapshotSetId id, ShutdownCause cause) throws InterruptedException {
    assertEnded(id, java.util.Set.of(cause));
  }

  /** As {@link #assertEnded(SnapshotSetId, ShutdownCause)}, with one of {@code causes}. */
  ShutdownCause assertEnded(SnapshotSetId id, java.util.Set<ShutdownCause> causes)
      throws InterruptedException {
    ShutdownCause seen = null;
    for (EventRecorder<?> recorder : recorders()) {
      Poll.until(
          name + " saw an event of set " + id,
          WAIT,
          () ->
              recorder.events().stream().anyMatch(e -> e.snapshotSetId().equals(Optional.of(id))));
      SeenEvent any =
          recorder.events().stream()
              .filter(e -> e.snapshotSetId().equals(Optional.of(id)))
              .findFirst()
              .orElseThrow();
      recorder.awaitEvent(any.session(), WriterEvent.BACKUP_SHUTDOWN, WAIT);
      recorder.assertInvariants(any.session());
      SeenEvent shutdown =
          recorder.events(any.session()).stream()
              .filter(e -> e.event() == WriterEvent.BACKUP_SHUTDOWN)
              .findFirst()
              .orElseThrow();
      ShutdownCause cause = shutdown.cause().orElseThrow();
      assertTrue(
          causes.contains(cause), name + "'s BackupShutdown says " + cause + ", not " + causes);
      recorder.assertOneShutdown(any.session(), cause);
      assertEquals(
          Optional.of(id), shutdown.snapshotSetId(), name + "'s BackupShutdown names the set");
      seen = cause;
    }
    assertFalse(table.frozen.get(), name + "'s table is thawed");
    assertFalse(cache.frozen.get(), name + "'s cache is thawed");
    return seen;
  }

  /** When each writer's Freeze of set {@code id} started. */
  SeenEvent freezeOf(EventRecorder<?> recorder, SnapshotSetId id) {
    return recorder.events().stream()
        .filter(e -> e.event() == WriterEvent.FREEZE && e.snapshotSetId().equals(Optional.of(id)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " saw no Freeze of set " + id));
  }

  @Override
  public void close() {
    member.close();
    tableFaults.releaseHangs();
    cacheFaults.releaseHangs();
    coordinator.close();
  }
}
