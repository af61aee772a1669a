package dev.quiesce.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A requestor in its own JVM: takes one set and prints how it ended.
 *
 * <p>Arguments: ZooKeeper's connect string, the set's directory.
 */
public final class ChildRequestor {
  private ChildRequestor() {}

  public static void main(String[] args) {
    ClusterRequestor requestor =
        ClusterRequestor.using(
            ZkTestCluster.ACCESS.connect(args[0], ZkTestCluster.SESSION), ZkTestCluster.ACCESS);
    System.out.println("CONNECTED");
    System.out.flush();
    try {
      ClusterSetReport report =
          requestor.backup(
              Path.of(args[1]),
              ClusterSetOptions.defaults()
                  .withFreezeWindow(Duration.ofSeconds(60))
                  .withTimeout(Duration.ofSeconds(90)));
      System.out.println("DONE " + report.id());
    } catch (ClusterException e) {
      System.out.println("ABORTED " + e.getMessage());
    }
    System.exit(0);
  }
}
