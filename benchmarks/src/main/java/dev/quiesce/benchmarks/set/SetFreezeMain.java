package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.benchmarks.support.Results;
import dev.quiesce.benchmarks.support.Stats;
import dev.quiesce.benchmarks.support.Trees;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.set.SetBackup;
import dev.quiesce.set.SetMember;
import dev.quiesce.set.SetReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The price of one global freeze window across several coordinators: how long writers stay frozen
 * beyond the slowest member's own snapshot. Runs snapshot sets ({@link SetBackup}, archives and set
 * manifest included) over {@code members} in-process coordinators, one writer each, each provider
 * taking 5 ms; per set, overhead = (the last Thaw's return - the first Freeze's entry, across every
 * member, as the writers saw them) - the slowest provider's own time. Also the requestor's view
 * ({@link SetReport#globalFreeze()}) minus the same. One sample per set; the distribution is the
 * result. For 3 and 10 members by default.
 *
 * <p>Usage: {@code SetFreezeMain [results.properties] [sets] [warmup] [members...]}.
 */
public final class SetFreezeMain {
  private static final long TAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private SetFreezeMain() {}

  public static void main(String[] args) throws IOException {
    FreezeArgs a = FreezeArgs.parse(args);
    Path out = a.out();
    int sets = a.sets();
    int warmup = a.warmup();
    List<Integer> sizes = a.sizes();
    Properties p = new Properties();
    Path work = Files.createTempDirectory("quiesce-set-bench");
    try {
      for (int members : sizes) {
        measure(work.resolve("m" + members), members, sets, warmup, p);
      }
    } finally {
      Trees.delete(work);
    }
    p.stringPropertyNames().stream().sorted().forEach(k -> System.out.println(k + "=" + p.get(k)));
    if (out != null) {
      Results.append(out, p);
    }
  }

  private static void measure(Path work, int members, int sets, int warmup, Properties p)
      throws IOException {
    SetStamps stamps = new SetStamps();
    List<SetMember> set = new ArrayList<>();
    List<Coordinator> coordinators = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      Path files = Files.createDirectories(work.resolve("data-" + m));
      Files.writeString(files.resolve("row"), "row " + m);
      Coordinator c = Backups.coordinator(new TakeTimedProvider(TAKE_NANOS, stamps));
      c.subscribe(
          new SetStampWriter_Dispatcher(),
          new SetStampWriter(new SetStampWriter.Member(files, stamps)));
      coordinators.add(c);
      set.add(SetMember.local("m" + m, c));
    }
    SetBackup backup = new SetBackup(set, Duration.ofSeconds(30), Duration.ofMinutes(2));
    double[] seen = new double[sets];
    double[] requestor = new double[sets];
    for (int i = -warmup; i < sets; i++) {
      stamps.reset();
      Path dir = work.resolve("set");
      SetReport r = backup.backup(BackupOptions.full(), dir, ProgressListener.none());
      Trees.delete(dir);
      if (i >= 0) {
        seen[i] = (stamps.frozenNanos() - stamps.longestTakeNanos()) / 1e6;
        requestor[i] = (r.globalFreeze().toNanos() - stamps.longestTakeNanos()) / 1e6;
      }
    }
    coordinators.forEach(Coordinator::close);
    Stats s = new Stats(seen);
    Stats r = new Stats(requestor);
    String k = "set." + members + ".";
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
