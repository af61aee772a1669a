package dev.quiesce.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/** Makes the Curator clients members and requestors use when given a connect string. */
final class ZkClients {
  private ZkClients() {}

  /**
   * A started client, connected, authenticated for {@code access}.
   *
   * @param sessionTimeout the ZooKeeper session timeout asked for (the server bounds it to 2 to 20
   *     ticks): how long a dead process's ephemeral nodes outlive it
   * @throws ClusterException if no server answers within {@code sessionTimeout} times three
   */
  static CuratorFramework connect(
      String connectString, ClusterAccess access, Duration sessionTimeout) {
    int sessionMs = Math.toIntExact(sessionTimeout.toMillis());
    CuratorFramework client =
        ZkSecurity.secure(
                CuratorFrameworkFactory.builder()
                    .connectString(connectString)
                    .sessionTimeoutMs(sessionMs)
                    .connectionTimeoutMs(sessionMs)
                    .retryPolicy(new ExponentialBackoffRetry(100, 5)),
                access)
            .build();
    client.start();
    boolean connected;
    try {
      connected = client.blockUntilConnected(sessionMs * 3, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.close();
      throw new ClusterException("interrupted while connecting to ZooKeeper at " + connectString);
    }
    if (!connected) {
      client.close();
      throw new ClusterException(
          "could not connect to ZooKeeper at "
              + connectString
              + " within "
              + sessionMs * 3
              + " ms; check the connect string and that the servers run");
    }
    return client;
  }
}
