package dev.quiesce.benchmarks.crash;

import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.benchmarks.support.Results;
import dev.quiesce.benchmarks.support.Stats;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * How fast writers hear that their requestor died, when the requestor is another process: the
 * daemon's promise is "milliseconds, where VSS waits minutes". A coordinator with {@code writers}
 * writers is served by a {@link QuiesceDaemon}; per round a child JVM ({@link CrashChild}) opens a
 * full backup and blocks in {@code doSnapshotSet} while the provider holds its take (the writers
 * are frozen), and is then SIGKILLed ({@link Kills}). A sample is SIGKILL to the last writer's
 * BackupShutdown with {@code REQUESTOR_LOST}; the first writer's, and SIGKILL to the last Thaw, are
 * kept too. A custom measurement, not JMH: each kill yields one sample.
 *
 * <p>The requestor timeout is a minute, so only the kernel closing the dead process's socket can
 * explain a fast shutdown. As a floor, the same run measures SIGKILL to end of stream on a plain
 * Unix socket, with no Quiesce code on the path ({@link EofFloor}): the part of each sample that no
 * daemon can remove.
 *
 * <p>The kernel frees a killed process's memory before it closes its sockets, so every sample
 * includes that, and grows with the requestor's size: the resident memory of the killed children is
 * reported beside the figures. A few first kills warm the daemon up and are not counted; the very
 * first is reported alone. A JVM per kill makes a round last about 300 ms: 100 kills and the floor
 * take under a minute on 2 cores.
 *
 * <p>Usage: {@code CrashToShutdownMain [results.properties] [kills] [writers]}.
 */
public final class CrashToShutdownMain {
  private static final int WARMUP = 3;
  private static final int FLOOR_WARMUP = 2;
  private static final int FLOOR_KILLS = 20;

  private CrashToShutdownMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path out = args.length > 0 ? Path.of(args[0]) : null;
    int kills = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int writers = args.length > 2 ? Integer.parseInt(args[2]) : 10;

    long start = System.nanoTime();
    // a short directory: a Unix socket's path is at most 107 bytes
    Path dir = Files.createTempDirectory("qc");
    Rounds rounds = new Rounds();
    Coordinator coordinator = Backups.coordinator(new HeldProvider(rounds));
    Backups.subscribe(
        coordinator, new CrashWriter_Dispatcher(), () -> new CrashWriter(rounds), "crash", writers);
    DaemonOptions options =
        DaemonOptions.at(dir.resolve("q.sock")).withRequestorTimeout(Duration.ofMinutes(1));
    Kills k;
    EofFloor floor;
    try (QuiesceDaemon daemon = QuiesceDaemon.start(coordinator, options)) {
      k = new Kills(dir, daemon, coordinator, rounds, writers, WARMUP, kills);
      k.run();
      rounds.unheld(writers);
      floor = new EofFloor(dir, daemon, FLOOR_KILLS);
      floor.measure(FLOOR_WARMUP);
    }
    deleteAll(dir);
    double seconds = (System.nanoTime() - start) / 1e9;

    Stats last = new Stats(k.lastShutdown);
    Stats first = new Stats(k.firstShutdown);
    Stats thawed = new Stats(k.lastThaw);
    Stats eof = new Stats(floor.eofMillis);
    Properties p = new Properties();
    p.setProperty("crash.kills", String.valueOf(kills));
    p.setProperty("crash.writers", String.valueOf(writers));
    p.setProperty("crash.shutdown.p50.ms", fmt(last.median()));
    p.setProperty("crash.shutdown.p90.ms", fmt(last.percentile(90)));
    p.setProperty("crash.shutdown.p99.ms", fmt(last.percentile(99)));
    p.setProperty("crash.shutdown.min.ms", fmt(last.min()));
    p.setProperty("crash.shutdown.max.ms", fmt(last.max()));
    p.setProperty("crash.shutdown.cold.ms", fmt(k.cold));
    p.setProperty("crash.first.shutdown.p50.ms", fmt(first.median()));
    p.setProperty("crash.first.shutdown.p99.ms", fmt(first.percentile(99)));
    p.setProperty("crash.thawed.p50.ms", fmt(thawed.median()));
    p.setProperty("crash.thawed.p99.ms", fmt(thawed.percentile(99)));
    p.setProperty("crash.child.rss.p50.mib", fmt(new Stats(k.residentMiB).median()));
    p.setProperty("crash.floor.kills", String.valueOf(FLOOR_KILLS));
    p.setProperty("crash.floor.eof.p50.ms", fmt(eof.median()));
    p.setProperty("crash.floor.eof.p99.ms", fmt(eof.percentile(99)));
    p.setProperty("crash.floor.eof.max.ms", fmt(eof.max()));
    p.setProperty("crash.floor.child.rss.p50.mib", fmt(new Stats(floor.residentMiB).median()));
    p.setProperty("crash.seconds", String.format(Locale.ROOT, "%.1f", seconds));
    p.stringPropertyNames().stream().sorted().forEach(n -> System.out.println(n + "=" + p.get(n)));
    if (out != null) {
      Results.append(out, p);
    }
  }

  private static void deleteAll(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              f -> {
                try {
                  Files.delete(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
