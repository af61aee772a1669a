package dev.quiesce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.cluster.ClusterAccess;
import dev.quiesce.cluster.ClusterMember;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.WritersModule;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiesce backup --zookeeper} and {@code quiesce writers --zookeeper}: two applications that
 * joined a cluster backed up as one set archive, which {@code verify} then finds whole.
 */
class ClusterCommandTest {
  private static final String SECRET = "cli-test-secret-0123456789";

  @TempDir Path tmp;
  private TestingServer zk;
  private final List<OrdersStore> stores = new ArrayList<>();
  private final List<ClusterMember> members = new ArrayList<>();
  private final List<Coordinator> coordinators = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Path secretFile;

  @BeforeEach
  void twoMembers() throws Exception {
    // A data directory of the test's own: ZooKeeper writes its configuration file beside it, not
    // into the JVM's temporary directory.
    zk =
        new TestingServer(
            new InstanceSpec(
                Files.createDirectories(tmp.resolve("zk/data")).toFile(), -1, -1, -1, true, -1),
            true);
    secretFile = Files.writeString(tmp.resolve("secret"), SECRET + "\n");
    ClusterAccess access = new ClusterAccess("shop", SECRET);
    for (String name : List.of("orders", "shipments")) {
      Path data = Files.createDirectories(tmp.resolve("live/" + name));
      Files.writeString(data.resolve("a.db"), name);
      OrdersStore store = new OrdersStore(data);
      Coordinator coordinator =
          Guice.createInjector(
                  Stage.PRODUCTION,
                  QuiesceModule.builder()
                      .snapshotProvider(new CopySnapshotProvider(tmp.resolve("shadow-" + name)))
                      .build(),
                  WritersModule.of(OrdersWriter.class),
                  binder -> binder.bind(OrdersStore.class).toInstance(store))
              .getInstance(Coordinator.class);
      stores.add(store);
      coordinators.add(coordinator);
      members.add(ClusterMember.join(zk.getConnectString(), access, name, coordinator));
    }
  }

  @AfterEach
  void stop() throws Exception {
    members.forEach(ClusterMember::close);
    coordinators.forEach(Coordinator::close);
    zk.close();
  }

  private int quiesce(String... args) {
    out.reset();
    err.reset();
    return QuiesceCommand.commandLine(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writersListsTheMembersAndBackupWritesOneSetArchive() {
    String[] cluster = {
      "--zookeeper",
      zk.getConnectString(),
      "--cluster",
      "shop",
      "--cluster-secret-file",
      secretFile.toString()
    };
    List<String> writers = new ArrayList<>(List.of("writers"));
    writers.addAll(List.of(cluster));
    assertEquals(0, quiesce(writers.toArray(String[]::new)), err());
    assertTrue(out().contains("orders") && out().contains("shipments"), out());

    Path set = tmp.resolve("set");
    List<String> backup = new ArrayList<>(List.of("backup", "--to", set.toString()));
    backup.addAll(List.of(cluster));
    assertEquals(0, quiesce(backup.toArray(String[]::new)), err());
    assertTrue(out().contains("over 2 members"), out());
    for (OrdersStore store : stores) {
      assertEquals(
          List.of(
              WriterEvent.IDENTIFY,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.BACKUP_COMPLETE,
              WriterEvent.BACKUP_SHUTDOWN),
          store.events);
    }
    assertEquals(0, quiesce("verify", "--archive", set.toString()), err());
    assertTrue(out().contains("is whole") && out().contains("2 parts"), out());
  }

  @Test
  void aWrongSecretOrAMissingClusterIsRefused() throws Exception {
    Path wrong = Files.writeString(tmp.resolve("wrong"), "not-the-cluster-secret");
    assertEquals(
        1,
        quiesce(
            "writers",
            "--zookeeper",
            zk.getConnectString(),
            "--cluster",
            "shop",
            "--cluster-secret-file",
            wrong.toString()));
    assertTrue(err().contains("quiesce writers failed: ") && err().contains("NoAuth"), err());
    assertEquals(2, quiesce("backup", "--zookeeper", zk.getConnectString(), "--to", "/x"));
    assertEquals(2, quiesce("backup", "--to", "/x"));
    assertTrue(err().contains("--socket PATH, or --zookeeper"), err());
  }
}
