package dev.quiesce.cluster;

import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.testing.Fault;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A member application in its own JVM whose table writer hangs in Freeze: it prints {@code FROZEN}
 * once it is inside the global freeze, then waits to be killed or stopped.
 *
 * <p>Arguments: ZooKeeper's connect string, the member's name, a directory for its files.
 */
public final class ChildMember {
  private ChildMember() {}

  public static void main(String[] args) throws Exception {
    App app =
        new App(
            args[1],
            Path.of(args[2]),
            ZkTestCluster.ACCESS.connect(args[0], ZkTestCluster.SESSION));
    app.tableFaults.inject(WriterEvent.FREEZE, Fault.hang());
    System.out.println("JOINED");
    System.out.flush();
    if (!app.tableFaults.awaitFault(WriterEvent.FREEZE, java.time.Duration.ofMinutes(2))) {
      System.out.println("NO SET");
      System.exit(2);
    }
    System.out.println("FROZEN");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
