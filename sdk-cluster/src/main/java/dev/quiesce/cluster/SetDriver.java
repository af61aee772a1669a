package dev.quiesce.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requestor's side of one snapshot set: creates the set with its ephemeral owner node, opens
 * each phase ({@code reached}) once every member has done the one before ({@code acquired}), and
 * writes {@code abort} with the cause on any failure: a member that fails, leaves or loses its
 * session, or a phase that outlasts the freeze window or the set's timeout. Removes the set's
 * znodes at the end, once the members have ended their part (bounded).
 */
final class SetDriver {
  private static final Logger log = LoggerFactory.getLogger(SetDriver.class);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration END_WAIT = Duration.ofSeconds(10);

  private final Znodes zk;
  private final ZkLayout layout;
  private final SetSpec spec;
  private final SetManifestSink manifest;
  private final Wakeup wake = new Wakeup();
  private final AtomicBoolean abortChanged = new AtomicBoolean();
  private final AtomicBoolean membersChanged = new AtomicBoolean();
  private final Watcher abortWatch = flagging(abortChanged);
  private final Watcher membersWatch = flagging(membersChanged);

  SetDriver(Znodes zk, ZkLayout layout, SetSpec spec, SetManifestSink manifest) {
    this.zk = zk;
    this.layout = layout;
    this.spec = spec;
    this.manifest = manifest;
  }

  ClusterSetReport run() {
    Instant deadline = Instant.now().plus(spec.timeout());
    create();
    try {
      Instant freezeStart = Instant.MAX;
      Duration globalFreeze = Duration.ZERO;
      List<PartSummary> parts = List.of();
      SetPlan plan = null;
      boolean planWritten = false;
      for (Phase phase : Phase.values()) {
        if (plan != null && !plan.barrier(phase)) {
          continue; // no member has writers at this level: each runs it locally, no barrier
        }
        if (phase == Phase.COMPLETE) {
          parts = summaries();
          try {
            manifest.write(spec, parts);
          } catch (Exception e) {
            throw new SetFailure("the set manifest could not be written: " + e);
          }
        }
        Instant limit = deadline;
        boolean inWindow =
            phase.compareTo(Phase.FREEZE_FRONT_END) >= 0
                && phase.compareTo(Phase.THAW_FRONT_END) <= 0;
        if (inWindow && freezeStart.equals(Instant.MAX)) {
          freezeStart = Instant.now();
        }
        if (inWindow) {
          Instant windowEnd = freezeStart.plus(spec.freezeWindow());
          limit = windowEnd.isBefore(limit) ? windowEnd : limit;
        }
        open(phase, plan != null && !planWritten ? plan : null);
        planWritten = plan != null;
        awaitAcquired(phase, limit);
        if (inWindow) {
          globalFreeze = Duration.between(freezeStart, Instant.now());
        }
        if (phase == Phase.PREPARE) {
          plan = plan();
        }
      }
      awaitEnded();
      log.info("snapshot set {} complete on {}", spec.id(), spec.members());
      return new ClusterSetReport(spec.id(), spec.target(), parts, globalFreeze);
    } catch (SetFailure e) {
      abort(e.getMessage());
      throw new ClusterException("snapshot set " + spec.id() + " aborted: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort("the requestor was interrupted");
      throw new ClusterException("snapshot set " + spec.id() + " aborted: interrupted");
    } catch (Exception e) {
      abort("the requestor failed: " + e);
      throw new ClusterException("snapshot set " + spec.id() + " aborted: " + e, e);
    } finally {
      remove();
    }
  }

  private void create() {
    try {
      CuratorFramework client = zk.client();
      client
          .transaction()
          .forOperations(
              op(client, layout.set(spec.id()), ZkJson.write(spec), CreateMode.PERSISTENT),
              op(client, layout.owner(spec.id()), new byte[0], CreateMode.EPHEMERAL),
              op(client, layout.reachedRoot(spec.id()), new byte[0], CreateMode.PERSISTENT),
              op(client, layout.acquiredRoot(spec.id()), new byte[0], CreateMode.PERSISTENT),
              op(client, layout.ended(spec.id()), new byte[0], CreateMode.PERSISTENT));
    } catch (Exception e) {
      throw new ClusterException("could not open snapshot set " + spec.id() + ": " + e, e);
    }
  }

  private org.apache.curator.framework.api.transaction.CuratorOp op(
      CuratorFramework client, String path, byte[] data, CreateMode mode) throws Exception {
    return client.transactionOp().create().withMode(mode).withACL(zk.acl(path)).forPath(path, data);
  }

  /**
   * Opens {@code phase}: its {@code acquired} parent and its {@code reached} node (with the plan
   * first, if given) in one transaction, one write.
   */
  private void open(Phase phase, SetPlan plan) throws Exception {
    CuratorFramework client = zk.client();
    List<org.apache.curator.framework.api.transaction.CuratorOp> ops = new ArrayList<>();
    if (plan != null) {
      ops.add(op(client, layout.plan(spec.id()), ZkJson.write(plan), CreateMode.PERSISTENT));
    }
    ops.add(op(client, layout.acquired(spec.id(), phase), new byte[0], CreateMode.PERSISTENT));
    ops.add(op(client, layout.reached(spec.id(), phase), new byte[0], CreateMode.PERSISTENT));
    try {
      client.transaction().forOperations(ops);
    } catch (KeeperException.NodeExistsException e) {
      // A transaction Curator retried after a lost connection may have been applied: one by one.
      if (plan != null) {
        zk.createIfAbsent(layout.plan(spec.id()), ZkJson.write(plan), CreateMode.PERSISTENT);
      }
      zk.createIfAbsent(layout.acquired(spec.id(), phase), new byte[0], CreateMode.PERSISTENT);
      zk.createIfAbsent(layout.reached(spec.id(), phase), new byte[0], CreateMode.PERSISTENT);
    }
  }

  /** The union of the levels the members reported with PREPARE. */
  private SetPlan plan() throws Exception {
    SetPlan plan = new SetPlan(List.of());
    for (String member : spec.members()) {
      String path = layout.acquired(spec.id(), Phase.PREPARE, member);
      Optional<byte[]> data = zk.read(path);
      if (data.isEmpty()) {
        throw new SetFailure("member " + member + " reported no levels with " + Phase.PREPARE);
      }
      plan = plan.with(ZkJson.read(data.get(), SetPlan.class, path));
    }
    return plan;
  }

  /** A watcher that raises {@code flag} and wakes the waiting loop. */
  private Watcher flagging(AtomicBoolean flag) {
    return event -> {
      flag.set(true);
      wake.poke();
    };
  }

  /**
   * Waits until every member has done {@code phase}. Each wake-up reads the phase's {@code
   * acquired} children; the abort node and the members' liveness only when their watches fired (or
   * on the first pass, or after a wait that saw no watch at all, should one have been missed).
   */
  private void awaitAcquired(Phase phase, Instant limit) throws Exception {
    boolean full = true;
    List<String> live = List.of();
    while (true) {
      long seen = wake.generation();
      if (abortChanged.getAndSet(false) || full) {
        if (zk.exists(layout.abort(spec.id()), abortWatch)) {
          throw new SetFailure(
              zk.read(layout.abort(spec.id()))
                  .map(d -> new String(d, StandardCharsets.UTF_8))
                  .orElse("aborted"));
        }
      }
      if (membersChanged.getAndSet(false) || full) {
        // One read for every member's liveness: the watch on members/ fires as any member goes.
        live = zk.children(layout.members(), membersWatch);
      }
      List<String> done = zk.children(layout.acquired(spec.id(), phase), wake);
      List<String> missing = new ArrayList<>();
      for (String member : spec.members()) {
        if (!live.contains(member)) {
          throw new SetFailure(
              "member " + member + " left the cluster or lost its ZooKeeper session in " + phase);
        }
        if (!done.contains(member)) {
          missing.add(member);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      Duration left = Duration.between(Instant.now(), limit);
      if (left.isNegative() || left.isZero()) {
        throw new SetFailure(
            phase
                + " did not end within the "
                + (phase.compareTo(Phase.FINISH) < 0 ? "freeze window" : "set timeout")
                + "; waiting for "
                + missing);
      }
      wake.awaitChange(seen, left.compareTo(POLL) < 0 ? left : POLL);
      full = wake.generation() == seen;
    }
  }

  private List<PartSummary> summaries() throws Exception {
    List<PartSummary> parts = new ArrayList<>();
    for (String member : spec.members()) {
      String path = layout.acquired(spec.id(), Phase.FINISH, member);
      Optional<byte[]> data = zk.read(path);
      if (data.isEmpty()) {
        throw new SetFailure("member " + member + " reported no part summary");
      }
      PartSummary part = ZkJson.read(data.get(), PartSummary.class, path);
      if (!part.member().equals(member)) {
        throw new SetFailure(
            "member " + member + " reported the part of another member: " + part.member());
      }
      parts.add(part);
    }
    return parts;
  }

  private void abort(String cause) {
    log.warn("snapshot set {} aborted: {}", spec.id(), cause);
    try {
      zk.createIfAbsent(
          layout.abort(spec.id()), cause.getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT);
      awaitEnded();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn(
          "could not write the abort of snapshot set {} ({}); its members thaw on their own when"
              + " this requestor's node goes",
          spec.id(),
          e.toString());
    }
  }

  /** Waits, bounded, for each member still alive to end its part, so none sees the set vanish. */
  private void awaitEnded() throws Exception {
    Instant limit = Instant.now().plus(END_WAIT);
    while (true) {
      long seen = wake.generation();
      List<String> ended = zk.children(layout.ended(spec.id()), wake);
      boolean all = true;
      for (String member : spec.members()) {
        if (!ended.contains(member) && zk.exists(layout.member(member), wake)) {
          all = false;
        }
      }
      Duration left = Duration.between(Instant.now(), limit);
      if (all || left.isNegative() || left.isZero()) {
        return;
      }
      wake.awaitChange(seen, left.compareTo(POLL) < 0 ? left : POLL);
    }
  }

  private void remove() {
    try {
      zk.deleteTree(layout.set(spec.id()));
    } catch (Exception e) {
      log.warn(
          "could not remove snapshot set {} ({}); the next requestor removes it",
          spec.id(),
          e.toString());
    }
  }

  /** A failure of the set, whose message is the abort's cause. */
  private static final class SetFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SetFailure(String cause) {
      super(cause, null, false, false);
    }
  }
}
