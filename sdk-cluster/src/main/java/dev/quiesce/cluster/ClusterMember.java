package dev.quiesce.cluster;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.runtime.Coordinator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application's membership in a cluster: while it is open, snapshot sets that a {@link
 * ClusterRequestor} opens on the cluster freeze this application's writers together with every
 * other member's. Joining is one call, as starting a daemon is; closing leaves.
 *
 * <p>The member registers an ephemeral znode (its name, host and writers) and runs each set it is
 * named in on its own coordinator, one phase at a time as the cluster's barrier allows. It never
 * stays frozen because someone else failed: it thaws on its own at the end of its freeze window, at
 * once when its ZooKeeper connection is suspended or lost (it could not hear an abort), and when
 * the requestor's ephemeral node disappears (BackupShutdown then says {@code REQUESTOR_LOST}).
 */
public final class ClusterMember implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterMember.class);

  /** The ZooKeeper session timeout a member asks for when given a connect string. */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration IDLE_POLL = Duration.ofSeconds(1);

  private final Znodes zk;
  private final boolean ownsClient;
  private final ZkLayout layout;
  private final String name;
  private final byte[] info;
  private final LocalSets localSets;
  private final Wakeup wake = new Wakeup();
  private final Thread thread;
  private final ExecutorService alarms;
  private final ConnectionStateListener connectionListener = this::connectionChanged;
  private final Set<String> seen = new HashSet<>();
  private volatile MemberRun current;
  private volatile boolean closed;

  private ClusterMember(
      Znodes zk,
      boolean ownsClient,
      ClusterAccess access,
      String name,
      List<String> writers,
      LocalSets localSets) {
    this.zk = zk;
    this.ownsClient = ownsClient;
    this.layout = new ZkLayout(access.cluster());
    this.name = Hosts.checkMemberName(name);
    this.info = ZkJson.write(new MemberInfo(name, Hosts.localName(), writers));
    this.localSets = localSets;
    this.thread = new Thread(this::loop, "quiesce-cluster-member-" + name);
    this.thread.setDaemon(true);
    this.alarms =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "quiesce-cluster-alarm-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Joins a cluster through a new ZooKeeper client, with {@link #DEFAULT_SESSION_TIMEOUT}.
   *
   * @param connectString ZooKeeper's connect string ({@code host:port,host:port})
   * @param access the cluster's name and secret
   * @param memberName this member's name, unique in the cluster
   * @param coordinator the coordinator whose writers take part
   * @throws ClusterException if ZooKeeper cannot be reached, or the name is taken
   */
  public static ClusterMember join(
      String connectString, ClusterAccess access, String memberName, Coordinator coordinator) {
    CuratorFramework client = access.connect(connectString, DEFAULT_SESSION_TIMEOUT);
    try {
      return start(client, true, access, memberName, coordinator);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Joins a cluster through the application's own ZooKeeper client, which must be started and
   * authenticated for the cluster ({@link ClusterAccess#secure}); closing the member leaves it
   * open.
   *
   * @throws ClusterException if the name is taken or ZooKeeper refuses
   */
  public static ClusterMember join(
      CuratorFramework client, ClusterAccess access, String memberName, Coordinator coordinator) {
    return start(client, false, access, memberName, coordinator);
  }

  private static ClusterMember start(
      CuratorFramework client,
      boolean owns,
      ClusterAccess access,
      String memberName,
      Coordinator coordinator) {
    Objects.requireNonNull(coordinator, "coordinator");
    List<String> writers = new ArrayList<>();
    coordinator.writers().forEach(w -> writers.add(w.name()));
    return start(client, owns, access, memberName, writers, new CoordinatorLocalSets(coordinator));
  }

  /** Joins with any local sets: how tests run the protocol against recorded writers. */
  static ClusterMember start(
      CuratorFramework client,
      boolean owns,
      ClusterAccess access,
      String memberName,
      List<String> writers,
      LocalSets localSets) {
    ClusterMember member =
        new ClusterMember(new Znodes(client, access), owns, access, memberName, writers, localSets);
    member.register();
    client.getConnectionStateListenable().addListener(member.connectionListener);
    member.thread.start();
    return member;
  }

  /** This member's name. */
  public String name() {
    return name;
  }

  private void register() {
    try {
      zk.ensure(layout.members());
      zk.ensure(layout.sets());
      zk.create(layout.member(name), info, CreateMode.EPHEMERAL);
      log.info("member {} joined cluster {}", name, layout.cluster());
    } catch (KeeperException.NodeExistsException e) {
      throw new ClusterException(
          "member name '"
              + name
              + "' is taken in cluster '"
              + layout.cluster()
              + "': another live process uses it; give each member its own name");
    } catch (Exception e) {
      throw new ClusterException(
          "could not join cluster '" + layout.cluster() + "' as " + name + ": " + e, e);
    }
  }

  private void connectionChanged(CuratorFramework client, ConnectionState state) {
    if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
      MemberRun run = current;
      if (run != null) {
        run.cutOff("its ZooKeeper connection is " + state + ", so it could not hear an abort");
      }
    }
    wake.poke();
  }

  private void loop() {
    while (!closed) {
      long generation = wake.generation();
      try {
        reRegisterIfExpired();
        List<String> ids = zk.children(layout.sets(), wake);
        seen.retainAll(ids);
        for (String id : ids) {
          if (closed) {
            return;
          }
          if (seen.add(id)) {
            runIfNamed(id);
          }
        }
        wake.awaitChange(generation, IDLE_POLL);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (closed) {
          return;
        }
        log.warn("member {}: cannot read cluster {} now: {}", name, layout.cluster(), e.toString());
        try {
          wake.awaitChange(generation, IDLE_POLL);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /** After its session expired (all its ephemeral nodes gone), the member registers again. */
  private void reRegisterIfExpired() throws Exception {
    if (!zk.exists(layout.member(name), wake)) {
      zk.createIfAbsent(layout.member(name), info, CreateMode.EPHEMERAL);
      log.info("member {} registered again in cluster {}", name, layout.cluster());
    }
  }

  private void runIfNamed(String id) throws Exception {
    SnapshotSetId setId;
    try {
      setId = SnapshotSetId.parse(id);
    } catch (IllegalArgumentException e) {
      log.warn(
          "cluster {} has a set node '{}' that is not a snapshot set id", layout.cluster(), id);
      return;
    }
    Optional<byte[]> data = zk.read(layout.set(setId));
    if (data.isEmpty()) {
      return;
    }
    SetSpec spec = ZkJson.read(data.get(), SetSpec.class, layout.set(setId));
    if (!spec.members().contains(name)
        || zk.exists(layout.abort(setId), wake)
        || !zk.exists(layout.owner(setId), wake)
        || zk.exists(layout.ended(setId, name), wake)) {
      return;
    }
    MemberRun run = new MemberRun(zk, layout, name, spec, localSets, alarms);
    current = run;
    try {
      log.info("member {}: snapshot set {} from {}", name, setId, spec.requestorHost());
      run.run();
    } finally {
      current = null;
    }
  }

  /**
   * Leaves the cluster: a set under way is aborted here (its writers thawed at once), the member's
   * znode is removed, and the ZooKeeper client is closed if the member made it. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    MemberRun run = current;
    if (run != null) {
      run.cutOff("member " + name + " left the cluster");
    }
    wake.poke();
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    zk.client().getConnectionStateListenable().removeListener(connectionListener);
    alarms.shutdown();
    try {
      zk.delete(layout.member(name));
    } catch (Exception e) {
      log.warn(
          "member {} could not remove its znode ({}); its session's end will", name, e.toString());
    }
    if (ownsClient) {
      zk.client().close();
    }
    log.info("member {} left cluster {}", name, layout.cluster());
  }
}
