package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.crash.ChildJvm;
import dev.quiesce.benchmarks.crash.Round;
import dev.quiesce.benchmarks.crash.Waits;
import dev.quiesce.benchmarks.support.Results;
import dev.quiesce.benchmarks.support.Stats;
import dev.quiesce.benchmarks.support.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * How long a snapshot set's other processes stay frozen when one of them dies inside the global
 * freeze: per round a child JVM (the crash benchmark's {@link ChildJvm}, running {@link
 * SetKillChild}) is the requestor or a member of a set whose writers here are all frozen (their
 * providers hold the snapshot), and is SIGKILLed; a sample is SIGKILL to the last writer here
 * returning from Thaw. Then the held takes are released, the round's sessions end and the child is
 * reaped before the next child starts.
 *
 * <ul>
 *   <li>{@code local-requestor}: three daemons here, the child is their {@code SetBackup};
 *   <li>{@code local-member}: two daemons and the {@code SetBackup} here, the child a third
 *       application with its own daemon;
 *   <li>{@code zk-requestor}: three cluster members here, the child is the requestor;
 *   <li>{@code zk-member}: two members and the requestor here, the child a third member.
 * </ul>
 *
 * <p>With ZooKeeper a death is only noticed when the dead process's session expires, so the
 * ZooKeeper figures are also given minus that session timeout ({@code session ms}, 2000 by default;
 * the processes here keep 10 s sessions so a stall of the machine cannot suspend them). The server
 * runs in this JVM with a 50 ms tick: it expires sessions on tick boundaries.
 *
 * <p>Usage: {@code SetKillMain results.properties scenario [rounds] [warmup] [session ms]}.
 */
public final class SetKillMain {
  private static final Duration READY = Duration.ofSeconds(60);
  private static final Duration OWN_SESSION = Duration.ofSeconds(10);
  private static final Duration TICK = Duration.ofMillis(50);

  private SetKillMain() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    String scenario = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Duration session = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 2000);

    long start = System.nanoTime();
    // a short directory: a Unix socket's path is at most 107 bytes
    Path dir = Files.createTempDirectory("qk");
    double[] thawed = new double[rounds];
    KillScenario s;
    try (HeldMembers members = new HeldMembers(scenario.endsWith("member") ? 2 : 3);
        ZkServer zk = scenario.startsWith("zk") ? new ZkServer(TICK) : null) {
      s =
          switch (scenario) {
            case "local-requestor" -> new LocalRequestorKill(members, dir);
            case "local-member" -> new LocalMemberKill(members, dir);
            case "zk-requestor" -> new ZkRequestorKill(members, zk, session, OWN_SESSION);
            case "zk-member" -> new ZkMemberKill(members, zk, session, OWN_SESSION);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
          };
      try (s) {
        Duration await = Waits.AWAIT.plus(s.sessionTimeout());
        for (int i = -warmup; i < rounds; i++) {
          Round round = members.rounds.next(s.writers());
          try (ChildJvm child = s.start(dir, i + warmup)) {
            child.awaitReady(READY);
            s.begin(child);
            Waits.await(round.taking(), READY, child, "froze nothing");
            long t0 = System.nanoTime();
            child.kill();
            Waits.await(round.thawed(), await, child, "was killed, but not every writer thawed");
            if (i >= 0) {
              thawed[i] = (round.lastThaw() - t0) / 1e6;
            }
            round.released().countDown();
            s.settle(child);
            child.reap(Waits.AWAIT);
          }
        }
      }
    } finally {
      Trees.delete(dir);
    }

    Stats t = new Stats(thawed);
    double minus = s.sessionTimeout().toNanos() / 1e6;
    String k = "kill." + s.name() + ".";
    Properties p = new Properties();
    p.setProperty(k + "rounds", String.valueOf(rounds));
    p.setProperty(k + "thawed.p50.ms", fmt(t.median()));
    p.setProperty(k + "thawed.p90.ms", fmt(t.percentile(90)));
    p.setProperty(k + "thawed.p99.ms", fmt(t.percentile(99)));
    p.setProperty(k + "thawed.min.ms", fmt(t.min()));
    p.setProperty(k + "thawed.max.ms", fmt(t.max()));
    if (minus > 0) {
      p.setProperty(k + "session.ms", fmt(minus));
      p.setProperty(k + "tick.ms", fmt(TICK.toMillis()));
      p.setProperty(k + "beyond.session.p50.ms", fmt(t.median() - minus));
      p.setProperty(k + "beyond.session.p99.ms", fmt(t.percentile(99) - minus));
      p.setProperty(k + "beyond.session.min.ms", fmt(t.min() - minus));
      p.setProperty(k + "beyond.session.max.ms", fmt(t.max() - minus));
    }
    p.setProperty(
        k + "seconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    p.stringPropertyNames().stream().sorted().forEach(n -> System.out.println(n + "=" + p.get(n)));
    Results.append(out, p);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
