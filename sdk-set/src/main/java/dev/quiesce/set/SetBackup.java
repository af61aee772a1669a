package dev.quiesce.set;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.SnapshotSetSteps;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.backup.PreparedBackup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A requestor over several coordinators of one host: one snapshot set across all of them, written
 * as a set archive (see {@link SetManifest}). Every member backs up as a single backup does ({@link
 * PreparedBackup}), but the snapshot set is taken in lockstep through one global freeze window:
 * PrepareSnapshot on all, Freeze FRONT_END on all, BACK_END on all, SYSTEM on all, the snapshot of
 * each, Thaw SYSTEM, BACK_END, FRONT_END on all, PostSnapshot on all. Each step runs on every
 * member in parallel within a deadline.
 *
 * <p>A member that fails a step, or does not answer it in time, aborts the set for all: every
 * member's steps are closed at once, which thaws its writers. Whatever this requestor does, each
 * member thaws on its own at the set's freeze window (its own watchdog), and a member behind a
 * daemon at once when this process dies (the daemon sees its connection end). BackupComplete goes
 * to the members only when every part is written and the set manifest is on disk.
 */
public final class SetBackup {
  private static final Logger log = LoggerFactory.getLogger(SetBackup.class);

  /** The default global freeze window. */
  public static final Duration DEFAULT_FREEZE_WINDOW = Duration.ofSeconds(60);

  /** The default deadline of a step outside the freeze window (Identify to PrepareSnapshot). */
  public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(3);

  /** How long aborting waits for the members to take their close. */
  private static final Duration ABORT_WAIT = Duration.ofSeconds(10);

  /** How long ending waits for the members' BackupShutdown (each coordinator bounds its own). */
  private static final Duration END_WAIT = Duration.ofMinutes(1);

  /** Writing the parts has no deadline of its own: bounded by the disks, as a single backup is. */
  private static final Duration NO_DEADLINE = Duration.ofDays(1);

  private final List<SetMember> members;
  private final Duration freezeWindow;
  private final Duration stepTimeout;

  /**
   * @param members the members, with unique names; at least one
   * @param freezeWindow how long any member's writers may stay frozen, from its first Freeze; every
   *     step inside the window must answer within it too
   * @param stepTimeout the deadline of each step outside the freeze window
   */
  public SetBackup(List<SetMember> members, Duration freezeWindow, Duration stepTimeout) {
    this.members = List.copyOf(members);
    this.freezeWindow = requirePositive(freezeWindow, "freezeWindow");
    this.stepTimeout = requirePositive(stepTimeout, "stepTimeout");
    if (this.members.isEmpty()) {
      throw new IllegalArgumentException("a set needs at least one member");
    }
    HashSet<String> names = new HashSet<>();
    for (SetMember m : this.members) {
      if (!names.add(m.name())) {
        throw new IllegalArgumentException(
            "two members are named '" + m.name() + "': each needs a name of its own");
      }
    }
  }

  /** A set backup with the default window and step deadline. */
  public static SetBackup of(List<SetMember> members) {
    return new SetBackup(members, DEFAULT_FREEZE_WINDOW, DEFAULT_STEP_TIMEOUT);
  }

  /** One member's session and what the set has of it so far. */
  private static final class Part {
    final SetMember member;
    final CompletableFuture<?> lost;
    BackupSession session;
    PreparedBackup prepared;
    SnapshotSetSteps steps;
    SnapshotSet set;

    Part(SetMember member) {
      this.member = member;
      this.lost = member.lost().toCompletableFuture();
    }

    @Override
    public String toString() {
      return "member '" + member.name() + "'";
    }
  }

  /**
   * Backs up every member into the set directory {@code setDir}: {@code parts/<member>/} each, then
   * {@value SetManifest#FILE_NAME}.
   *
   * @param options the backup options, the same for every member
   * @param setDir a new or empty directory
   * @param progress told of each step and of the files written
   * @return what was backed up
   * @throws QuiesceException if a member failed or did not answer a step; the set was aborted on
   *     every member (all thawed) and nothing is left in {@code setDir}
   * @throws IOException if a part or the set manifest could not be written; the set was aborted and
   *     nothing is left in {@code setDir}
   */
  public SetReport backup(BackupOptions options, Path setDir, ProgressListener progress)
      throws IOException {
    Objects.requireNonNull(options, "options");
    Instant started = Instant.now();
    boolean created = prepareDirectory(setDir);
    SnapshotSetId id = SnapshotSetId.random();
    List<Part> parts = members.stream().map(Part::new).toList();
    boolean done = false;
    try (Lockstep lockstep = new Lockstep()) {
      try {
        for (Part p : parts) {
          p.session = p.member.sessions().openBackup(options);
        }
        List<PreparedBackup> prepared =
            step(
                lockstep,
                parts,
                "Identify and PrepareBackup",
                stepTimeout,
                p -> prepare(p, options));
        for (int i = 0; i < parts.size(); i++) {
          parts.get(i).prepared = prepared.get(i);
        }
        progress.step("snapshot set " + id + " over " + names(parts));
        for (Part p : parts) {
          p.steps = p.session.beginSnapshotSet(id, p.prepared.roots(), freezeWindow);
        }
        Duration globalFreeze = takeSet(lockstep, parts);
        progress.step(
            "snapshot set "
                + id
                + ": every member's writers thawed; held at most "
                + globalFreeze.toMillis()
                + " ms");
        Map<String, Manifest> written = writeParts(parts, setDir, progress);
        List<SetManifest.Part> listed = new ArrayList<>();
        for (Part p : parts) {
          listed.add(SetArchive.describePart(setDir, p.member.name(), p.member.host()));
        }
        SetManifest manifest =
            new SetManifest(
                SetManifest.CURRENT_FORMAT_VERSION, id, Instant.now(), SetKind.LOCAL, listed);
        SetArchive.writeManifest(setDir, manifest);
        progress.step("set manifest written: " + parts.size() + " parts");
        lockstep.each(parts, p -> p.prepared.complete(), stepTimeout);
        progress.step("BackupComplete: every member knows the set is whole");
        done = true;
        log.info("snapshot set {} written to {}: {}", id, setDir, names(parts));
        return new SetReport(
            id, setDir, manifest, written, globalFreeze, Duration.between(started, Instant.now()));
      } finally {
        if (!done) {
          abortAll(lockstep, parts);
        }
        endAll(lockstep, parts);
        if (!done) {
          removeParts(setDir, created);
        }
      }
    }
  }

  private static PreparedBackup prepare(Part p, BackupOptions options) {
    try {
      return PreparedBackup.prepare(p.session, options, ProgressListener.none());
    } catch (IOException e) {
      throw new QuiesceException(p.session.id(), e.getMessage(), List.of(), e);
    }
  }

  /**
   * The global steps in lockstep; returns how long writers were held at most (the first Freeze
   * step's start to the last Thaw step's end).
   */
  private Duration takeSet(Lockstep lockstep, List<Part> parts) {
    step(lockstep, parts, "PrepareSnapshot", stepTimeout, p -> run(p.steps::prepare));
    long frozenFrom = System.nanoTime();
    for (ApplicationLevel level : ApplicationLevel.values()) {
      step(lockstep, parts, "Freeze " + level, freezeWindow, p -> run(() -> p.steps.freeze(level)));
    }
    step(lockstep, parts, "the snapshot", freezeWindow, p -> run(p.steps::snapshot));
    List<ApplicationLevel> reverse = new ArrayList<>(List.of(ApplicationLevel.values()));
    Collections.reverse(reverse);
    for (ApplicationLevel level : reverse) {
      step(lockstep, parts, "Thaw " + level, freezeWindow, p -> run(() -> p.steps.thaw(level)));
    }
    Duration held = Duration.ofNanos(System.nanoTime() - frozenFrom);
    List<SnapshotSet> sets =
        step(lockstep, parts, "PostSnapshot", stepTimeout, p -> p.steps.finish());
    for (int i = 0; i < parts.size(); i++) {
      parts.get(i).set = sets.get(i);
    }
    return held;
  }

  private static Void run(Runnable r) {
    r.run();
    return null;
  }

  /** One step on every member; the first that fails or is late fails the set (said as such). */
  private static <T> List<T> step(
      Lockstep lockstep,
      List<Part> parts,
      String step,
      Duration deadline,
      Function<Part, T> action) {
    try {
      return lockstep.run(step, parts, action, deadline, p -> p.lost);
    } catch (Lockstep.StepFailed e) {
      Part p = (Part) e.member();
      String message =
          "snapshot set over "
              + names(parts)
              + ": "
              + p
              + " "
              + e.getMessage()
              + "; the set is aborted on every member (their writers thawed)";
      if (e.getCause() instanceof QuiesceException q) {
        throw new QuiesceException(q.session(), message, q.failedWriters(), q);
      }
      if (e.getCause() instanceof IllegalArgumentException bad) {
        throw new IllegalArgumentException(p + ": " + bad.getMessage(), bad);
      }
      throw new QuiesceException(
          p.session == null ? null : p.session.id(), message, List.of(), e.getCause());
    }
  }

  /** Each member's archive into {@code parts/<name>/}, one after the other (one host, one disk). */
  private static Map<String, Manifest> writeParts(
      List<Part> parts, Path setDir, ProgressListener progress) throws IOException {
    Map<String, Manifest> written = new LinkedHashMap<>();
    Files.createDirectories(setDir.resolve(SetManifest.PARTS_DIR));
    for (Part p : parts) {
      Path dir = SetArchive.partDir(setDir, p.member.name());
      progress.step("writing the part of " + p);
      written.put(p.member.name(), p.prepared.writeArchive(p.set, dir, progress));
    }
    return written;
  }

  /**
   * Aborts the set on every member at once: their steps closed (thawed), their sessions aborted.
   */
  private static void abortAll(Lockstep lockstep, List<Part> parts) {
    lockstep.each(
        parts,
        p -> {
          try {
            if (p.steps != null) {
              p.steps.close();
            }
            if (p.session != null) {
              p.session.abort();
            }
          } catch (RuntimeException e) {
            log.warn("could not abort the set on {}: {}", p, e.toString());
          }
        },
        ABORT_WAIT);
  }

  /**
   * Releases every snapshot and ends every session (BackupShutdown), all members at once: a member
   * whose writer is stuck in a handler must not delay the others' BackupShutdown.
   */
  private static void endAll(Lockstep lockstep, List<Part> parts) {
    lockstep.each(
        parts,
        p -> {
          try {
            if (p.set != null) {
              p.set.close();
            }
          } catch (RuntimeException e) {
            log.warn("could not release the snapshot of {}: {}", p, e.toString());
          }
          try {
            if (p.session != null) {
              p.session.close();
            }
          } catch (RuntimeException e) {
            log.warn("could not end the session of {}: {}", p, e.toString());
          }
        },
        END_WAIT);
  }

  /** Makes {@code setDir} if needed; refuses one that is not empty. Returns whether it made it. */
  private static boolean prepareDirectory(Path setDir) throws IOException {
    if (Files.exists(setDir)) {
      try (Stream<Path> entries = Files.list(setDir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(
              "the set directory " + setDir + " is not empty: give a new or empty directory");
        }
      }
      return false;
    }
    Files.createDirectories(setDir);
    return true;
  }

  /** A failed set leaves nothing that could be taken for one: its parts are removed. */
  private static void removeParts(Path setDir, boolean created) {
    try {
      Path partsDir = setDir.resolve(SetManifest.PARTS_DIR);
      if (Files.exists(partsDir)) {
        try (Stream<Path> all = Files.walk(partsDir)) {
          for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
      Files.deleteIfExists(setDir.resolve(SetManifest.FILE_NAME + ".tmp"));
      if (created) {
        Files.deleteIfExists(setDir);
      }
    } catch (IOException e) {
      log.error("could not remove the parts of a failed set from {}: {}", setDir, e.toString(), e);
    }
  }

  private static String names(List<Part> parts) {
    return parts.stream().map(p -> p.member.name()).toList().toString();
  }

  private static Duration requirePositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
    return d;
  }
}
