package dev.quiesce.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensemble and in-process member applications, for tests with a member or requestor in a child
 * JVM.
 */
abstract class ProcessFixture {
  static final Duration START = Duration.ofSeconds(60);

  static ZkTestCluster zk;
  final List<App> apps = new ArrayList<>();
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

  @AfterEach
  void leave() {
    apps.forEach(App::close);
    clients.forEach(CuratorFramework::close);
  }

  App app(String name) throws Exception {
    CuratorFramework client = zk.client();
    clients.add(client);
    App app = new App(name, root.resolve("apps"), client);
    apps.add(app);
    return app;
  }

  ClusterRequestor requestor() {
    CuratorFramework client = zk.client();
    clients.add(client);
    return ClusterRequestor.using(client, ZkTestCluster.ACCESS);
  }

  static ClusterSetOptions window(Duration freezeWindow) {
    return ClusterSetOptions.defaults()
        .withFreezeWindow(freezeWindow)
        .withTimeout(Duration.ofSeconds(90));
  }

  void awaitMembers(ClusterRequestor requestor, int count) {
    Poll.until(
        count + " members", Duration.ofSeconds(30), () -> requestor.members().size() == count);
  }
}
