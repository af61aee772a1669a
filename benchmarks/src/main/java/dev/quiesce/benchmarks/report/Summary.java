package dev.quiesce.benchmarks.report;

import dev.quiesce.benchmarks.report.JmhResults.Result;
import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.benchmarks.support.Results;
import dev.quiesce.benchmarks.support.Stats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Prints the table of {@code benchmarks/quick}: each figure is the median of the iterations with
 * its range [min..max]; each ratio is of two medians from the same run, with the widest range the
 * iterations allow. Goals are checked against the medians, except the frozen-time goal (under 1 ms
 * of overhead), which is checked against both its p50 and its p99.
 *
 * <p>Usage: {@code Summary figures.properties jmh.json...}.
 */
public final class Summary {
  private static final int[] SEQUENCE_WRITERS = {1, 10, 100, 1000};

  private final JmhResults jmh;
  private final Properties figures;
  private final List<String> lines = new ArrayList<>();

  private Summary(JmhResults jmh, Properties figures) {
    this.jmh = jmh;
    this.figures = figures;
  }

  public static void main(String[] args) throws IOException {
    List<Path> json = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      json.add(Path.of(args[i]));
    }
    Summary s = new Summary(new JmhResults(json), Results.read(Path.of(args[0])));
    s.dispatch();
    s.sequence();
    s.fanOut();
    s.frozen();
    s.crash();
    s.processor();
    s.memory();
    s.lines.forEach(System.out::println);
  }

  private void dispatch() {
    Optional<Result> direct = jmh.find(".direct", "");
    for (String m : List.of("direct", "generated", "reflection", "methodHandle")) {
      jmh.find("." + m, "")
          .ifPresent(r -> line("dispatch %s: %s", m, figure(r.iterations(), r.unit())));
    }
    ratio("dispatch generated/direct", jmh.find(".generated", ""), direct, 1.2);
    ratio("dispatch reflection/direct", jmh.find(".reflection", ""), direct, 0);
    ratio("dispatch methodHandle/direct", jmh.find(".methodHandle", ""), direct, 0);
  }

  private void sequence() {
    Double first = null;
    Double second = null;
    Double last = null;
    for (int n : SEQUENCE_WRITERS) {
      Optional<Result> r = jmh.find(".fullBackup", "\"writers\":\"" + n + "\"");
      if (r.isEmpty()) {
        line("sequence %d writers: not run", n);
        continue;
      }
      Stats s = r.get().iterations();
      double events = n * (double) Backups.EVENTS_PER_WRITER;
      double perEvent = s.median() / events;
      line(
          "sequence %d writers: %s per backup; per writer-event: %.2f [%.2f..%.2f] %s",
          n,
          figure(s, r.get().unit()),
          perEvent,
          s.min() / events,
          s.max() / events,
          r.get().unit().replace("/op", ""));
      if (first != null && second == null) {
        second = perEvent;
      }
      first = first == null ? perEvent : first;
      last = perEvent;
    }
    if (first != null) {
      double growth = last / first;
      line(
          "sequence growth per writer-event 1000/1: %.2f (goal linear or better, <= 1.20 with"
              + " noise: %s)",
          growth, growth <= 1.2 ? "met" : "NOT met");
    }
    if (second != null) {
      line("sequence growth per writer-event 1000/10: %.2f", last / second);
    }
  }

  private void fanOut() {
    Optional<Result> r = jmh.find(".snapshotSet", "");
    if (r.isEmpty()) {
      line("freeze fan-out/slowest: not run");
      return;
    }
    Stats s = r.get().iterations();
    line("freeze fan-out, 50 writers x 100 ms Freeze: %s", figure(s, r.get().unit()));
    double ratio = s.median() / 100.0;
    line(
        "freeze fan-out/slowest: %.2f [%.2f..%.2f] (goal <= 1.20: %s)",
        ratio, s.min() / 100, s.max() / 100, ratio <= 1.2 ? "met" : "NOT met");
  }

  private void frozen() {
    String p50 = figures.getProperty("frozen.overhead.p50.ms");
    if (p50 == null) {
      line("frozen overhead: not run");
      return;
    }
    String p99 = figures.getProperty("frozen.overhead.p99.ms");
    line(
        "frozen overhead beyond provider (%s writers, %s backups): p50 %s ms, p90 %s ms, p99 %s ms"
            + " [%s..%s] (goal under 1 ms of overhead: p50 %s, p99 %s)",
        figures.get("frozen.writers"),
        figures.get("frozen.backups"),
        p50,
        figures.get("frozen.overhead.p90.ms"),
        p99,
        figures.get("frozen.overhead.min.ms"),
        figures.get("frozen.overhead.max.ms"),
        Double.parseDouble(p50) < 1 ? "met" : "NOT met",
        Double.parseDouble(p99) < 1 ? "met" : "NOT met");
    String floorP50 = figures.getProperty("frozen.floor.p50.ms");
    String floorP99 = figures.getProperty("frozen.floor.p99.ms");
    if (floorP50 == null || floorP99 == null) {
      line("frozen overhead against the bare-thread floor: not run");
    } else {
      line(
          "frozen bare-thread floor (same fan-out and provider handoff, no coordinator): p50 %s ms, p99 %s"
              + " ms; frozen overhead p50 / floor p50: %.2f; frozen overhead p99 / bare-thread"
              + " floor p99: %.2f",
          floorP50,
          floorP99,
          Double.parseDouble(p50) / Double.parseDouble(floorP50),
          Double.parseDouble(p99) / Double.parseDouble(floorP99));
    }
    line(
        "frozen overhead as SnapshotSet.frozenFor() reports it: p50 %s ms, p99 %s ms",
        figures.get("frozen.reported.p50.ms"), figures.get("frozen.reported.p99.ms"));
    line(
        "frozen overhead split: first Freeze -> provider start p50 %s ms, p99 %s ms; provider end"
            + " -> last Thaw p50 %s ms, p99 %s ms; threads started while measuring: %s",
        figures.get("frozen.before.take.p50.ms"),
        figures.get("frozen.before.take.p99.ms"),
        figures.get("frozen.after.take.p50.ms"),
        figures.get("frozen.after.take.p99.ms"),
        figures.get("frozen.threads.started"));
    line(
        "frozen measured after %s warm-up backups; JIT compiling while measuring: %s ms (floor:"
            + " %s ms)",
        figures.getProperty("frozen.warmup", "?"),
        figures.getProperty("frozen.jit.ms", "?"),
        figures.getProperty("frozen.floor.jit.ms", "?"));
  }

  private void crash() {
    String p99 = figures.getProperty("crash.shutdown.p99.ms");
    if (p99 == null) {
      line("crash to shutdown across processes: not run");
      return;
    }
    line(
        "crash to shutdown across processes (%s writers, %s SIGKILLs): p50 %s ms, p90 %s ms, p99 %s"
            + " ms [max %s] (goal p99 < 100 ms: %s); socket EOF floor p50 %s ms, p99 %s ms",
        figures.get("crash.writers"),
        figures.get("crash.kills"),
        figures.get("crash.shutdown.p50.ms"),
        figures.get("crash.shutdown.p90.ms"),
        p99,
        figures.get("crash.shutdown.max.ms"),
        Double.parseDouble(p99) < 100 ? "met" : "NOT met",
        figures.get("crash.floor.eof.p50.ms"),
        figures.get("crash.floor.eof.p99.ms"));
  }

  private void processor() {
    Optional<Result> with = jmh.find(".javacWithProcessor", "");
    Optional<Result> instance = jmh.find(".javacWithProcessorInstance", "");
    Optional<Result> without = jmh.find(".javacWithoutProcessor", "");
    if (with.isEmpty() || without.isEmpty()) {
      line("processor javac: not run");
      return;
    }
    Stats wo = without.get().iterations();
    line("processor javac 200 writers, without processor: %s", figure(wo, without.get().unit()));
    processorLine("loaded from -processorpath", with.get(), wo);
    instance.ifPresent(r -> processorLine("warm instance", r, wo));
    ratio("processor javac with/without", with, without, 0);
  }

  private void processorLine(String how, Result with, Stats without) {
    Stats w = with.iterations();
    line(
        "processor javac 200 writers, with processor (%s): %s, added %.0f ms",
        how, figure(w, with.unit()), w.median() - without.median());
  }

  private void memory() {
    String perSession = figures.getProperty("memory.retained.per.session.bytes");
    if (perSession == null) {
      line("memory retained per session: not run");
      return;
    }
    line(
        "memory retained per session: %s bytes (heap %s -> %s bytes after %s sessions of %s"
            + " writers)",
        perSession,
        figures.get("memory.baseline.bytes"),
        figures.get("memory.after.bytes"),
        figures.get("memory.sessions"),
        figures.get("memory.writers"));
  }

  private void ratio(String name, Optional<Result> a, Optional<Result> b, double goal) {
    if (a.isEmpty() || b.isEmpty()) {
      line("%s: not run", name);
      return;
    }
    Stats x = a.get().iterations();
    Stats y = b.get().iterations();
    double r = x.median() / y.median();
    String verdict =
        goal > 0
            ? String.format(Locale.ROOT, " (goal <= %.2f: %s)", goal, r <= goal ? "met" : "NOT met")
            : "";
    line("%s: %.2f [%.2f..%.2f]%s", name, r, x.min() / y.max(), x.max() / y.min(), verdict);
  }

  private static String figure(Stats s, String unit) {
    return String.format(
        Locale.ROOT, "%.2f [%.2f..%.2f] %s (n=%d)", s.median(), s.min(), s.max(), unit, s.count());
  }

  private void line(String format, Object... args) {
    lines.add(String.format(Locale.ROOT, format, args));
  }
}
