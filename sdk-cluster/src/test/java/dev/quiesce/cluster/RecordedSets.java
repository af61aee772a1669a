package dev.quiesce.cluster;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A member's local sets that record what a coordinator would do to one writer per level, as the
 * runtime guarantees it: a watchdog that thaws at the end of the freeze window whatever happens,
 * abort and requestor loss that thaw at once from any thread, and exactly one BackupShutdown per
 * set with the cause decided at its end. Steps can be made to fail or to hang until released (or
 * aborted), to inject faults at any phase.
 */
final class RecordedSets implements LocalSets {
  /** One order for the events of every member in this JVM, to check the barrier's order. */
  static final AtomicLong SEQUENCE = new AtomicLong();

  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "recorded-watchdog");
            t.setDaemon(true);
            return t;
          });

  final String member;
  final List<Run> runs = new ArrayList<>();
  private final Map<Phase, Fault> faults = new ConcurrentHashMap<>();
  private volatile Set<ApplicationLevel> levels = EnumSet.allOf(ApplicationLevel.class);

  RecordedSets(String member) {
    this.member = member;
  }

  /** What a step does instead of working. */
  static final class Fault {
    final boolean fail;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    private Fault(boolean fail) {
      this.fail = fail;
    }
  }

  /** The levels the next runs report having writers at (every level unless told). */
  RecordedSets withLevels(Set<ApplicationLevel> reported) {
    levels = EnumSet.copyOf(reported);
    return this;
  }

  /** The next run's {@code phase} throws. */
  Fault failAt(Phase phase) {
    Fault f = new Fault(true);
    faults.put(phase, f);
    return f;
  }

  /** The next run's {@code phase} hangs until released or the set is aborted. */
  Fault hangAt(Phase phase) {
    Fault f = new Fault(false);
    faults.put(phase, f);
    return f;
  }

  synchronized List<Run> runs() {
    return List.copyOf(runs);
  }

  synchronized Run last() {
    return runs.get(runs.size() - 1);
  }

  @Override
  public LocalSet begin(SetSpec spec, String name) {
    Map<Phase, Fault> mine = new EnumMap<>(Phase.class);
    mine.putAll(faults);
    Run run = new Run(spec, mine);
    faults.clear();
    synchronized (this) {
      runs.add(run);
    }
    return run;
  }

  /** One event, in this JVM's order. */
  record Event(long seq, Phase phase, String member, Instant at) {}

  /** One set on this member. */
  final class Run implements LocalSet {
    final SetSpec spec;
    final List<Event> events = new ArrayList<>();
    final List<ShutdownCause> shutdowns = new ArrayList<>();
    final CountDownLatch shutdown = new CountDownLatch(1);
    final CountDownLatch thawedAll = new CountDownLatch(1);
    private final Map<Phase, Fault> faults;
    private final Map<ApplicationLevel, Instant> frozen = new EnumMap<>(ApplicationLevel.class);
    private final CountDownLatch aborting = new CountDownLatch(1);
    private Instant firstFreeze;
    private String abortCause;
    private boolean completed;
    private boolean lost;
    private String thawedBy;

    Run(SetSpec spec, Map<Phase, Fault> faults) {
      this.spec = spec;
      this.faults = faults;
    }

    SnapshotSetId id() {
      return spec.id();
    }

    private void step(Phase phase) {
      Fault fault = faults.get(phase);
      if (fault != null) {
        fault.entered.countDown();
        if (fault.fail) {
          throw new IllegalStateException("injected failure in " + phase);
        }
        try {
          while (!fault.release.await(20, TimeUnit.MILLISECONDS)) {
            if (aborting.getCount() == 0) {
              throw new IllegalStateException("aborted while hanging in " + phase);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted in " + phase, e);
        }
      }
      synchronized (this) {
        if (aborting.getCount() == 0) {
          throw new IllegalStateException("the set was aborted: " + abortCause);
        }
        events.add(new Event(SEQUENCE.incrementAndGet(), phase, member, Instant.now()));
      }
    }

    @Override
    public void prepare() {
      step(Phase.PREPARE);
    }

    /** The levels this member reports; its steps still run at every level, in order. */
    @Override
    public Set<ApplicationLevel> levels() {
      return levels;
    }

    @Override
    public void freeze(ApplicationLevel level) {
      step(Phase.valueOf("FREEZE_" + level));
      synchronized (this) {
        if (firstFreeze == null) {
          firstFreeze = Instant.now();
          WATCHDOG.schedule(
              () -> thawAll("watchdog"), spec.freezeWindow().toMillis(), TimeUnit.MILLISECONDS);
        }
        frozen.put(level, Instant.now());
      }
    }

    @Override
    public void snapshot() {
      step(Phase.SNAPSHOT);
    }

    @Override
    public void thaw(ApplicationLevel level) {
      step(Phase.valueOf("THAW_" + level));
      synchronized (this) {
        frozen.remove(level);
        if (frozen.isEmpty()) {
          thawedBy = "the protocol";
          thawedAll.countDown();
        }
      }
    }

    @Override
    public PartSummary finish() {
      step(Phase.FINISH);
      Path dir = spec.target().resolve("parts").resolve(member);
      try {
        Files.createDirectories(dir);
        byte[] manifest =
            ("{\"set\":\"" + spec.id() + "\",\"member\":\"" + member + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("manifest.json"), manifest);
        String sha =
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
        return new PartSummary(member, "localhost", "parts/" + member, sha, 1, 1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void complete() {
      step(Phase.COMPLETE);
      synchronized (this) {
        completed = true;
      }
    }

    @Override
    public synchronized Instant thawDeadline() {
      return firstFreeze == null ? Instant.MAX : firstFreeze.plus(spec.freezeWindow());
    }

    @Override
    public void abort(String cause) {
      synchronized (this) {
        if (abortCause == null) {
          abortCause = cause;
        }
      }
      aborting.countDown();
      thawAll("abort: " + cause);
    }

    @Override
    public void requestorLost() {
      synchronized (this) {
        lost = true;
      }
      aborting.countDown();
      thawAll("requestor lost");
      end();
    }

    @Override
    public void close() {
      if (!completed) {
        aborting.countDown();
        thawAll("close");
      }
      end();
    }

    private synchronized void thawAll(String by) {
      if (!frozen.isEmpty()) {
        frozen.clear();
        thawedBy = by;
      }
      if (firstFreeze != null || aborting.getCount() == 0) {
        thawedAll.countDown();
      }
    }

    private synchronized void end() {
      if (shutdown.getCount() == 0) {
        return;
      }
      ShutdownCause cause =
          lost
              ? ShutdownCause.REQUESTOR_LOST
              : abortCause != null
                  ? ShutdownCause.ABORTED
                  : completed ? ShutdownCause.COMPLETED : ShutdownCause.RELEASED_EARLY;
      shutdowns.add(cause);
      shutdown.countDown();
    }

    synchronized List<Event> events() {
      return List.copyOf(events);
    }

    synchronized List<ShutdownCause> shutdowns() {
      return List.copyOf(shutdowns);
    }

    synchronized String thawedBy() {
      return thawedBy;
    }

    synchronized boolean frozenNow() {
      return !frozen.isEmpty();
    }

    synchronized String abortCause() {
      return abortCause;
    }

    /** Waits for the set's BackupShutdown, then returns its one cause. */
    ShutdownCause awaitShutdown(Duration limit) throws InterruptedException {
      if (!shutdown.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(member + ": no BackupShutdown within " + limit);
      }
      List<ShutdownCause> causes = shutdowns();
      if (causes.size() != 1) {
        throw new AssertionError(member + ": BackupShutdown " + causes.size() + " times");
      }
      return causes.get(0);
    }
  }
}
