package dev.quiesce.cluster;

import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.testing.Fault;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A member application in its own JVM whose table writer hangs in Freeze: it prints {@code FROZEN}
 * once it is inside the global freeze, then waits to be killed or stopped. With a fourth argument
 * {@code healthy} its writers hang nowhere: it takes part in every set until it is killed.
 *
 * <p>Arguments: ZooKeeper's connect string, the member's name, a directory for its files, and
 * optionally {@code healthy}.
 */
public final class ChildMember {
  private ChildMember() {}

  public static void main(String[] args) throws Exception {
    App app =
        new App(
            args[1],
            Path.of(args[2]),
            ZkTestCluster.ACCESS.connect(args[0], ZkTestCluster.SESSION));
    boolean healthy = args.length > 3 && args[3].equals("healthy");
    if (!healthy) {
      app.tableFaults.inject(WriterEvent.FREEZE, Fault.hang());
    }
    System.out.println("JOINED");
    System.out.flush();
    if (healthy) {
      new CountDownLatch(1).await();
    }
    if (!app.tableFaults.awaitFault(WriterEvent.FREEZE, java.time.Duration.ofMinutes(2))) {
      System.out.println("NO SET");
      System.exit(2);
    }
    System.out.println("FROZEN");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
