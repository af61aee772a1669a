package dev.quiesce.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's run of one snapshot set: waits for each phase's {@code reached} node, runs the step
 * on its local set, reports it in {@code acquired}; ends the local set as the set ends. Runs on the
 * member's set thread; {@link #cutOff} comes from Curator's connection thread.
 *
 * <p>A member never waits frozen on anyone: before each phase it checks the abort node and the
 * requestor's owner node, and while frozen it waits no longer than its own freeze window. It also
 * watches both while a step runs: an abort, or the requestor's node going, thaws its writers at
 * once (on the alarm executor) even while one of its own writers is still busy in a step.
 */
final class MemberRun {
  private static final Logger log = LoggerFactory.getLogger(MemberRun.class);

  /** How long a wait lasts at most between checks, should a watch be missed. */
  private static final Duration POLL = Duration.ofMillis(250);

  private final Znodes zk;
  private final ZkLayout layout;
  private final String member;
  private final SetSpec spec;
  private final LocalSets localSets;
  private final Executor alarms;
  private final Wakeup wake = new Wakeup();
  private final Watcher alarm = this::alarm;
  private volatile LocalSet local;
  private volatile String cutOff;
  private volatile boolean abortSeen;
  private volatile boolean ownerGone;

  /** The {@code reached} (and plan) nodes whose creation this member's watch saw. */
  private final Set<String> created = ConcurrentHashMap.newKeySet();

  private final Watcher reachedWatch =
      event -> {
        if (event.getType() == Watcher.Event.EventType.NodeCreated && event.getPath() != null) {
          created.add(event.getPath());
        }
        wake.poke();
      };

  MemberRun(
      Znodes zk,
      ZkLayout layout,
      String member,
      SetSpec spec,
      LocalSets localSets,
      Executor alarms) {
    this.zk = zk;
    this.layout = layout;
    this.member = member;
    this.spec = spec;
    this.localSets = localSets;
    this.alarms = alarms;
  }

  /**
   * The abort node appeared or the owner node went: thaw at once, without waiting for the set
   * thread, which may be inside a step. The set thread then ends the set as usual.
   */
  private void alarm(WatchedEvent event) {
    String path = event.getPath();
    if (path != null && event.getType() == Watcher.Event.EventType.NodeCreated) {
      abortSeen |= path.equals(layout.abort(spec.id()));
    } else if (path != null && event.getType() == Watcher.Event.EventType.NodeDeleted) {
      ownerGone |= path.equals(layout.owner(spec.id()));
    }
    wake.poke();
    LocalSet current = local;
    if (current == null || path == null) {
      return;
    }
    if (event.getType() == Watcher.Event.EventType.NodeCreated
        && path.equals(layout.abort(spec.id()))) {
      abortSeen = true;
      alarms.execute(
          () -> {
            log.info("member {}: snapshot set {} aborted, thawing at once", member, spec.id());
            current.abort("snapshot set " + spec.id() + " was aborted");
          });
    } else if (event.getType() == Watcher.Event.EventType.NodeDeleted
        && path.equals(layout.owner(spec.id()))
        && !abortSeen) {
      alarms.execute(
          () -> {
            log.warn(
                "member {}: the requestor of snapshot set {} is gone, thawing at once",
                member,
                spec.id());
            current.requestorLost();
          });
    }
  }

  /**
   * The member cannot hear the cluster any more (its ZooKeeper connection is suspended or lost, or
   * it is leaving): it thaws at once and aborts its part, from the calling thread.
   */
  void cutOff(String cause) {
    if (cutOff == null) {
      cutOff = cause;
    }
    LocalSet current = local;
    if (current != null) {
      log.warn("member {} aborts snapshot set {} on its own: {}", member, spec.id(), cause);
      current.abort(cause);
    }
    wake.poke();
  }

  void run() throws InterruptedException {
    Instant deadline = Instant.now().plus(spec.timeout());
    try {
      LocalSet opened = localSets.begin(spec, member);
      local = opened;
      if (cutOff != null) {
        opened.abort(cutOff);
      }
      try (opened) {
        walk(opened, deadline);
      }
    } catch (RuntimeException e) {
      String cause = "member " + member + " failed: " + e.getMessage();
      log.warn("snapshot set {}: {}", spec.id(), cause, e);
      writeAbort(cause);
    } finally {
      local = null;
      markEnded();
    }
  }

  private void walk(LocalSet set, Instant deadline) throws InterruptedException {
    Phase phase = Phase.PREPARE;
    try {
      SetPlan plan = null;
      List<Phase> pendingFreezes = new ArrayList<>();
      for (Phase next : Phase.values()) {
        phase = next;
        if (plan != null && !plan.barrier(phase)) {
          // No member has writers at this level: no barrier. A freeze runs just before the next
          // barrier phase's step (this member's freeze window starts no earlier than the others'),
          // a thaw right away, after the barrier phase before it.
          if (phase.thaws()) {
            perform(phase, set);
          } else {
            pendingFreezes.add(phase);
          }
          continue;
        }
        awaitReached(
            layout.reached(spec.id(), phase),
            phase.toString(),
            phase.awaitedFrozen(),
            set,
            deadline);
        for (Phase freeze : pendingFreezes) {
          perform(freeze, set);
        }
        pendingFreezes.clear();
        byte[] report = perform(phase, set);
        if (phase == Phase.PREPARE) {
          report = ZkJson.write(SetPlan.of(set.levels()));
        }
        zk.createIfAbsent(layout.acquired(spec.id(), phase, member), report, CreateMode.PERSISTENT);
        if (phase == Phase.PREPARE) {
          plan = awaitPlan(set, deadline);
        }
      }
      log.info("member {}: snapshot set {} complete", member, spec.id());
    } catch (SetEnded e) {
      end(set, e);
    } catch (InterruptedException e) {
      set.abort("member " + member + " was interrupted");
      throw e;
    } catch (Exception e) {
      String cause = "member " + member + " failed in " + phase + ": " + e.getMessage();
      log.warn("snapshot set {}: {}", spec.id(), cause, e);
      set.abort(cause);
      writeAbort(cause);
    }
  }

  private void end(LocalSet set, SetEnded e) {
    switch (e.kind()) {
      case REQUESTOR_LOST -> {
        log.warn(
            "member {}: snapshot set {} lost its requestor: {}", member, spec.id(), e.getMessage());
        set.requestorLost();
      }
      case ABORTED -> {
        log.info("member {}: snapshot set {} aborted: {}", member, spec.id(), e.getMessage());
        set.abort(e.getMessage());
      }
      case FAILED_HERE -> {
        log.warn("member {}: snapshot set {} fails here: {}", member, spec.id(), e.getMessage());
        set.abort(e.getMessage());
        writeAbort(e.getMessage());
      }
    }
  }

  private byte[] perform(Phase phase, LocalSet set) {
    switch (phase) {
      case PREPARE -> set.prepare();
      case SNAPSHOT -> set.snapshot();
      case FINISH -> {
        return ZkJson.write(set.finish());
      }
      case COMPLETE -> set.complete();
      default -> {
        if (phase.freezes()) {
          set.freeze(phase.level().orElseThrow());
        } else {
          set.thaw(phase.level().orElseThrow());
        }
      }
    }
    return new byte[0];
  }

  /** The requestor's plan, written once every member has prepared. */
  private SetPlan awaitPlan(LocalSet set, Instant deadline) throws Exception {
    String path = layout.plan(spec.id());
    awaitReached(path, "the set's plan", false, set, deadline);
    byte[] data =
        zk.read(path)
            .orElseThrow(() -> new IllegalStateException("the plan " + path + " vanished"));
    return ZkJson.read(data, SetPlan.class, path);
  }

  /**
   * Waits for the requestor's node {@code path}, checking the abort node, the requestor's owner
   * node and this member's own deadline (its freeze window's end if {@code frozen}) first.
   */
  private void awaitReached(
      String path, String what, boolean frozen, LocalSet set, Instant deadline) throws Exception {
    while (true) {
      long seen = wake.generation();
      if (cutOff != null) {
        throw new SetEnded(SetEnded.Kind.FAILED_HERE, "member " + member + ": " + cutOff);
      }
      if (created.contains(path) && !abortSeen && !ownerGone) {
        // Our watch saw the node created, and the alarm's watches on the abort and owner nodes,
        // set before it, have not fired: ZooKeeper delivers a client's watch events in the order
        // of the changes, so neither changed before the requestor opened this phase. No reads.
        return;
      }
      // The alarm watches these two while the next step runs, and wakes this loop too.
      if (zk.exists(layout.abort(spec.id()), alarm)) {
        throw new SetEnded(SetEnded.Kind.ABORTED, abortCause());
      }
      if (!zk.exists(layout.owner(spec.id()), alarm)) {
        throw new SetEnded(
            SetEnded.Kind.REQUESTOR_LOST,
            "the requestor of snapshot set "
                + spec.id()
                + " is gone (its ZooKeeper session ended)");
      }
      if (zk.exists(path, reachedWatch)) {
        return;
      }
      Instant limit = deadline;
      if (frozen && set.thawDeadline().isBefore(limit)) {
        limit = set.thawDeadline();
      }
      Duration left = Duration.between(Instant.now(), limit);
      if (left.isNegative() || left.isZero()) {
        throw new SetEnded(
            SetEnded.Kind.FAILED_HERE,
            "member "
                + member
                + " waited for "
                + what
                + " until its "
                + (frozen ? "freeze window" : "set timeout")
                + " ended");
      }
      wake.awaitChange(seen, left.compareTo(POLL) < 0 ? left : POLL);
    }
  }

  private String abortCause() throws Exception {
    Optional<byte[]> data = zk.read(layout.abort(spec.id()));
    return data.map(d -> new String(d, StandardCharsets.UTF_8))
        .orElse("snapshot set " + spec.id() + " was aborted");
  }

  /** Writes the abort node, best effort: the member has thawed already. */
  private void writeAbort(String cause) {
    try {
      if (zk.exists(layout.set(spec.id()), wake)) {
        zk.createIfAbsent(
            layout.abort(spec.id()), cause.getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT);
      }
    } catch (Exception e) {
      log.warn(
          "member {} could not write the abort of snapshot set {} ({}); the requestor's timeout"
              + " or the loss of this member's session aborts it",
          member,
          spec.id(),
          e.toString());
    }
  }

  private void markEnded() {
    try {
      if (zk.exists(layout.set(spec.id()), wake)) {
        zk.createIfAbsent(layout.ended(spec.id(), member), new byte[0], CreateMode.PERSISTENT);
      }
    } catch (Exception e) {
      log.debug(
          "member {} could not mark snapshot set {} ended: {}", member, spec.id(), e.toString());
    }
  }
}
