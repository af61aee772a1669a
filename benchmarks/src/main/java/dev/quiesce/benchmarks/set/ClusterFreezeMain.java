package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.benchmarks.support.Results;
import dev.quiesce.benchmarks.support.Stats;
import dev.quiesce.benchmarks.support.Trees;
import dev.quiesce.cluster.ClusterMember;
import dev.quiesce.cluster.ClusterRequestor;
import dev.quiesce.cluster.ClusterSetOptions;
import dev.quiesce.cluster.ClusterSetReport;
import dev.quiesce.runtime.Coordinator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;

/**
 * {@link SetFreezeMain}'s measure for a set across a ZooKeeper cluster: how long writers stay
 * frozen beyond the slowest member's own snapshot, when every step is a barrier through ZooKeeper.
 * One ZooKeeper server in this JVM ({@link ZkServer}), {@code members} members in this JVM too,
 * each with its own coordinator, ZooKeeper client and one writer, each provider taking 5 ms; a
 * {@link ClusterRequestor} takes the sets (each member writes its part, the requestor the set
 * manifest). Per set, overhead = (the last Thaw's return - the first Freeze's entry, across every
 * member, as the writers saw them) - the slowest provider's own time; also the requestor's view
 * ({@link ClusterSetReport#globalFreeze()}) minus the same. For 3 and 10 members by default.
 *
 * <p>Usage: {@code ClusterFreezeMain [results.properties] [sets] [warmup] [members...]}.
 */
public final class ClusterFreezeMain {
  private static final long TAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final Duration SESSION = Duration.ofSeconds(10);

  private ClusterFreezeMain() {}

  public static void main(String[] args) throws Exception {
    FreezeArgs a = FreezeArgs.parse(args);
    Path out = a.out();
    int sets = a.sets();
    int warmup = a.warmup();
    List<Integer> sizes = a.sizes();
    Properties p = new Properties();
    Path work = Files.createTempDirectory("quiesce-cluster-bench");
    try (ZkServer zk = new ZkServer(Duration.ofMillis(100))) {
      for (int members : sizes) {
        measure(zk, work.resolve("m" + members), members, sets, warmup, p);
      }
    } finally {
      Trees.delete(work);
    }
    p.stringPropertyNames().stream().sorted().forEach(k -> System.out.println(k + "=" + p.get(k)));
    if (out != null) {
      Results.append(out, p);
    }
  }

  private static void measure(
      ZkServer zk, Path work, int members, int sets, int warmup, Properties p) throws IOException {
    SetStamps stamps = new SetStamps();
    List<Coordinator> coordinators = new ArrayList<>();
    List<ClusterMember> joined = new ArrayList<>();
    List<CuratorFramework> clients = new ArrayList<>();
    double[] seen = new double[sets];
    double[] requestor = new double[sets];
    try {
      for (int m = 0; m < members; m++) {
        Path files = Files.createDirectories(work.resolve("data-" + m));
        Files.writeString(files.resolve("row"), "row " + m);
        Coordinator c = Backups.coordinator(new TakeTimedProvider(TAKE_NANOS, stamps));
        c.subscribe(
            new SetStampWriter_Dispatcher(),
            new SetStampWriter(new SetStampWriter.Member(files, stamps)));
        coordinators.add(c);
        CuratorFramework client = ZkServer.ACCESS.connect(zk.connectString(), SESSION);
        clients.add(client);
        joined.add(ClusterMember.join(client, ZkServer.ACCESS, "m" + m, c));
      }
      CuratorFramework client = ZkServer.ACCESS.connect(zk.connectString(), SESSION);
      clients.add(client);
      ClusterSetOptions options =
          ClusterSetOptions.defaults()
              .withFreezeWindow(Duration.ofSeconds(30))
              .withTimeout(Duration.ofMinutes(2));
      try (ClusterRequestor r = ClusterRequestor.using(client, ZkServer.ACCESS)) {
        for (int i = -warmup; i < sets; i++) {
          stamps.reset();
          Path dir = work.resolve("set-" + (i + warmup));
          ClusterSetReport report = r.backup(dir, options);
          Trees.delete(dir);
          if (i >= 0) {
            seen[i] = (stamps.frozenNanos() - stamps.longestTakeNanos()) / 1e6;
            requestor[i] = (report.globalFreeze().toNanos() - stamps.longestTakeNanos()) / 1e6;
          }
        }
      }
    } finally {
      joined.forEach(ClusterMember::close);
      clients.forEach(CuratorFramework::close);
      coordinators.forEach(Coordinator::close);
    }
    Stats s = new Stats(seen);
    Stats r = new Stats(requestor);
    String k = "cluster." + members + ".";
    p.setProperty(k + "sets", String.valueOf(sets));
    p.setProperty(k + "overhead.p50.ms", fmt(s.median()));
    p.setProperty(k + "overhead.p90.ms", fmt(s.percentile(90)));
    p.setProperty(k + "overhead.p99.ms", fmt(s.percentile(99)));
    p.setProperty(k + "overhead.min.ms", fmt(s.min()));
    p.setProperty(k + "overhead.max.ms", fmt(s.max()));
    p.setProperty(k + "requestor.p50.ms", fmt(r.median()));
    p.setProperty(k + "requestor.p99.ms", fmt(r.percentile(99)));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
