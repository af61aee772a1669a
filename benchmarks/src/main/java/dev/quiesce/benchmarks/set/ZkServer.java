package dev.quiesce.benchmarks.set;

import dev.quiesce.cluster.ClusterAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * One ZooKeeper server in this JVM for the cluster benchmarks, with a short tick: the server
 * expires sessions on tick boundaries, so a dead process is noticed between its session timeout and
 * one tick later. Sessions may last up to ten seconds whatever the tick.
 */
final class ZkServer implements AutoCloseable {
  /** The benchmarks' cluster, and its secret. */
  static final ClusterAccess ACCESS = new ClusterAccess("bench", "a-benchmark-secret-16+");

  private final TestingServer server;
  private final Duration tick;

  ZkServer(Duration tick) throws Exception {
    this.tick = tick;
    Path data = Files.createTempDirectory("quiesce-zk-bench");
    InstanceSpec spec =
        new InstanceSpec(
            data.toFile(),
            -1,
            -1,
            -1,
            true,
            1,
            (int) tick.toMillis(),
            -1,
            Map.of("maxSessionTimeout", "10000"));
    server = new TestingServer(spec, true);
  }

  String connectString() {
    return server.getConnectString();
  }

  Duration tick() {
    return tick;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
