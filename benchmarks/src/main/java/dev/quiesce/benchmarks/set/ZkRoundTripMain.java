package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.support.Results;
import dev.quiesce.benchmarks.support.Stats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;

/**
 * Where a ZooKeeper barrier's time goes: the cost of the operations a cluster set's phase is made
 * of, on the same in-process server as {@link ClusterFreezeMain}, one at a time: a read ({@code
 * exists}), a write ({@code create}, which the server logs and syncs), and a watch's round trip
 * (one client creates a node another watches: from the create's call to the watcher running).
 *
 * <p>Usage: {@code ZkRoundTripMain [results.properties] [operations]}.
 */
public final class ZkRoundTripMain {
  private ZkRoundTripMain() {}

  public static void main(String[] args) throws Exception {
    Path out = args.length > 0 ? Path.of(args[0]) : null;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    double[] reads = new double[n];
    double[] writes = new double[n];
    double[] watches = new double[n];
    Duration session = Duration.ofSeconds(10);
    try (ZkServer zk = new ZkServer(Duration.ofMillis(100));
        CuratorFramework a = ZkServer.ACCESS.connect(zk.connectString(), session);
        CuratorFramework b = ZkServer.ACCESS.connect(zk.connectString(), session)) {
      a.create().forPath("/rt");
      for (int i = -n / 10; i < n; i++) {
        String path = "/rt/" + (i + n);
        long t0 = System.nanoTime();
        a.checkExists().forPath(path);
        long t1 = System.nanoTime();
        CountDownLatch fired = new CountDownLatch(1);
        long[] firedAt = new long[1];
        b.checkExists()
            .usingWatcher(
                (Watcher)
                    e -> {
                      firedAt[0] = System.nanoTime();
                      fired.countDown();
                    })
            .forPath(path);
        long t2 = System.nanoTime();
        a.create().withMode(CreateMode.PERSISTENT).forPath(path);
        long t3 = System.nanoTime();
        if (!fired.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the watch on " + path + " never fired");
        }
        if (i >= 0) {
          reads[i] = (t1 - t0) / 1e6;
          writes[i] = (t3 - t2) / 1e6;
          watches[i] = (firedAt[0] - t2) / 1e6;
        }
      }
    }
    Properties p = new Properties();
    put(p, "zk.read", new Stats(reads));
    put(p, "zk.write", new Stats(writes));
    put(p, "zk.watch", new Stats(watches));
    p.setProperty("zk.operations", String.valueOf(n));
    p.stringPropertyNames().stream().sorted().forEach(k -> System.out.println(k + "=" + p.get(k)));
    if (out != null) {
      Results.append(out, p);
    }
  }

  private static void put(Properties p, String key, Stats s) {
    p.setProperty(key + ".p50.ms", fmt(s.median()));
    p.setProperty(key + ".p99.ms", fmt(s.percentile(99)));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
