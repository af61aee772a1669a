package dev.quiesce.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * A 3-server ZooKeeper ensemble in this JVM with a 250 ms tick, so sessions may last 500 ms to 5 s
 * and a dead process is noticed in seconds. Sessions of 4 s: shorter ones were seen to be suspended
 * by a stall of a loaded 2-core machine, which (rightly) aborts the set.
 */
final class ZkTestCluster implements AutoCloseable {
  static final ClusterAccess ACCESS = new ClusterAccess("shop", "a-secret-of-at-least-16");
  static final Duration SESSION = Duration.ofSeconds(4);

  private final TestingCluster cluster;

  ZkTestCluster() throws Exception {
    cluster = started();
  }

  /**
   * Starts the ensemble on nine ports that are distinct for sure: Curator's own choice (a free port
   * found for each of a server's three ports, one after the other, each released before the next is
   * found) can hand out one port twice, and the server then refuses its configuration ("Client and
   * election port must be different"). Should a port be taken by another process between its choice
   * and the server's bind, the ensemble is started again on new ones.
   */
  private static TestingCluster started() throws Exception {
    for (int attempt = 1; ; attempt++) {
      int[] ports = freePorts(9);
      List<InstanceSpec> specs = new ArrayList<>();
      for (int id = 1; id <= 3; id++) {
        int i = (id - 1) * 3;
        specs.add(new InstanceSpec(null, ports[i], ports[i + 1], ports[i + 2], true, id, 250, -1));
      }
      TestingCluster cluster = new TestingCluster(specs);
      try {
        cluster.start();
        return cluster;
      } catch (Exception e) {
        try {
          cluster.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /** {@code count} distinct free ports: all held open until every one is found. */
  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  String connectString() {
    return cluster.getConnectString();
  }

  CuratorFramework client() {
    return ACCESS.connect(connectString(), SESSION);
  }

  /** A client that can reach one server only, so killing that server cuts it off. */
  CuratorFramework clientOf(InstanceSpec server) {
    return ACCESS.connect(server.getConnectString(), SESSION);
  }

  List<InstanceSpec> servers() {
    return new ArrayList<>(cluster.getInstances());
  }

  /** The server that leads the ensemble now, asked with the {@code srvr} four-letter word. */
  Optional<InstanceSpec> leader() {
    for (InstanceSpec spec : cluster.getInstances()) {
      try (Socket socket = new Socket("127.0.0.1", spec.getPort())) {
        socket.setSoTimeout(5000);
        OutputStream out = socket.getOutputStream();
        out.write("srvr".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("Mode: leader")) {
            return Optional.of(spec);
          }
        }
      } catch (IOException e) {
        // a server that is down leads nothing
      }
    }
    return Optional.empty();
  }

  /** A server that follows, not the leader. */
  InstanceSpec follower() {
    Optional<InstanceSpec> leader = leader();
    return servers().stream().filter(s -> !leader.equals(Optional.of(s))).findFirst().orElseThrow();
  }

  void kill(InstanceSpec server) throws Exception {
    cluster.killServer(server);
  }

  void restart(InstanceSpec server) throws Exception {
    cluster.restartServer(server);
  }

  @Override
  public void close() throws IOException {
    cluster.close();
  }
}
