package dev.quiesce.cluster;

import dev.quiesce.api.SnapshotSetId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup tool's handle on a cluster: lists its members and takes snapshot sets across all of
 * them, one global freeze window for every writer of every member.
 *
 * <p>Each set is driven through ZooKeeper: the requestor owns an ephemeral node for it, so if this
 * process dies every member thaws and ends its writers' session with {@code REQUESTOR_LOST} once
 * the requestor's ZooKeeper session expires. Before opening a set it removes the sets whose
 * requestor died (aborting them), as HBase's coordinator clears its procedures on start; it refuses
 * to start while another live requestor's set runs.
 */
public final class ClusterRequestor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterRequestor.class);

  /** The ZooKeeper session timeout a requestor asks for when given a connect string. */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

  private final Znodes zk;
  private final boolean ownsClient;
  private final ZkLayout layout;
  private final String host = Hosts.localName();
  private volatile SetManifestSink manifest = SetManifestSink.archive();

  private ClusterRequestor(Znodes zk, boolean ownsClient, ClusterAccess access) {
    this.zk = zk;
    this.ownsClient = ownsClient;
    this.layout = new ZkLayout(access.cluster());
  }

  /**
   * Connects to a cluster through a new ZooKeeper client, with {@link #DEFAULT_SESSION_TIMEOUT}.
   *
   * @throws ClusterException if ZooKeeper cannot be reached
   */
  public static ClusterRequestor connect(String connectString, ClusterAccess access) {
    return new ClusterRequestor(
        new Znodes(access.connect(connectString, DEFAULT_SESSION_TIMEOUT), access), true, access);
  }

  /**
   * Uses the application's own client, started and authenticated for the cluster ({@link
   * ClusterAccess#secure} or {@link ClusterAccess#connect}); closing the requestor leaves it open.
   */
  public static ClusterRequestor using(CuratorFramework client, ClusterAccess access) {
    return new ClusterRequestor(new Znodes(client, access), false, access);
  }

  /** A requestor on {@code client}, closing it when closed if it {@code owns} it. */
  static ClusterRequestor start(CuratorFramework client, ClusterAccess access, boolean owns) {
    return new ClusterRequestor(new Znodes(client, access), owns, access);
  }

  /** Has the set manifest written by {@code sink} instead of into the set's directory. */
  ClusterRequestor withManifest(SetManifestSink sink) {
    this.manifest = Objects.requireNonNull(sink, "sink");
    return this;
  }

  /**
   * The cluster's live members, by name.
   *
   * @throws ClusterException if ZooKeeper refuses (a wrong secret: not authorized)
   */
  public List<MemberInfo> members() {
    try {
      List<MemberInfo> members = new ArrayList<>();
      if (!zk.exists(layout.members(), new Wakeup())) {
        return members;
      }
      for (String name : zk.children(layout.members()).stream().sorted().toList()) {
        String path = layout.member(name);
        Optional<byte[]> data = zk.read(path);
        data.ifPresent(d -> members.add(ZkJson.read(d, MemberInfo.class, path)));
      }
      return members;
    } catch (ClusterException e) {
      throw e;
    } catch (Exception e) {
      throw new ClusterException(
          "could not list the members of cluster '" + layout.cluster() + "': " + e, e);
    }
  }

  /**
   * Takes one snapshot set across every live member: each writes its part into {@code
   * setDir/parts/<member>} (shared storage every member can write, or the same path on each host),
   * and this requestor writes the set manifest ({@code setDir/set-manifest.json}) once all parts
   * are: the layout of {@code dev.quiesce.set}'s set archive, which {@code quiesce verify}, {@code
   * describe} and {@code restore --member} read.
   *
   * @throws ClusterException if the set was aborted (the message gives the cause: which member,
   *     which phase) or the cluster has no member; every member has been told to thaw
   */
  public ClusterSetReport backup(Path setDir, ClusterSetOptions options) {
    Objects.requireNonNull(setDir, "setDir");
    Objects.requireNonNull(options, "options");
    removeStaleSets();
    List<String> members = members().stream().map(MemberInfo::name).toList();
    if (members.isEmpty()) {
      throw new ClusterException(
          "cluster '" + layout.cluster() + "' has no live member: nothing to back up");
    }
    SetSpec spec =
        new SetSpec(
            SnapshotSetId.random(),
            host,
            members,
            options.freezeWindow(),
            options.timeout(),
            setDir.toAbsolutePath().normalize());
    log.info("snapshot set {} across {}", spec.id(), members);
    return new SetDriver(zk, layout, spec, manifest).run();
  }

  /**
   * Removes the sets whose requestor is gone, aborting them first; refuses if a live requestor's
   * set is running.
   */
  private void removeStaleSets() {
    try {
      zk.ensure(layout.sets());
      for (String id : zk.children(layout.sets())) {
        String set = layout.sets() + "/" + id;
        if (zk.exists(set + "/owner", new Wakeup())) {
          throw new ClusterException(
              "another requestor's snapshot set "
                  + id
                  + " is running on cluster '"
                  + layout.cluster()
                  + "'; wait for it to end (one set at a time)");
        }
        log.warn("removing stale snapshot set {}: its requestor is gone", id);
        zk.createIfAbsent(
            set + "/abort",
            "stale: its requestor is gone".getBytes(StandardCharsets.UTF_8),
            CreateMode.PERSISTENT);
        zk.deleteTree(set);
      }
    } catch (ClusterException e) {
      throw e;
    } catch (Exception e) {
      throw new ClusterException(
          "could not check cluster '" + layout.cluster() + "' for stale sets: " + e, e);
    }
  }

  /** Closes the ZooKeeper client if this requestor made it. */
  @Override
  public void close() {
    if (ownsClient) {
      zk.client().close();
    }
  }
}
