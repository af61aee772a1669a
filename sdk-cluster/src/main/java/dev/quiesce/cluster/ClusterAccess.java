package dev.quiesce.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;

/**
 * Which cluster to join and the secret that lets a process touch it. Every znode of a cluster is
 * created with a ZooKeeper digest ACL made from the cluster's name and this secret, so a ZooKeeper
 * client without the secret can neither read nor change a cluster's members and snapshot sets (see
 * {@code docs/SNAPSHOT-SETS-ZOOKEEPER.md} for the threat model).
 *
 * @param cluster the cluster's name: letters, digits, {@code .}, {@code _} and {@code -}, at most
 *     64
 * @param secret the cluster's shared secret, at least 16 characters; never logged
 */
public record ClusterAccess(String cluster, String secret) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int MIN_SECRET = 16;

  /** Checks the name and the secret. */
  public ClusterAccess {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(secret, "secret");
    if (!NAME.matcher(cluster).matches() || cluster.equals(".") || cluster.equals("..")) {
      throw new IllegalArgumentException(
          "cluster name '"
              + cluster
              + "' is not valid: use 1 to 64 letters, digits, '.', '_' or '-'");
    }
    if (secret.length() < MIN_SECRET) {
      throw new IllegalArgumentException(
          "the secret of cluster '"
              + cluster
              + "' is too short: use at least "
              + MIN_SECRET
              + " characters, the same on every member and requestor");
    }
  }

  /**
   * A started ZooKeeper client for this cluster, connected and authenticated, for {@link
   * ClusterMember#join(CuratorFramework, ClusterAccess, String, dev.quiesce.runtime.Coordinator)}
   * and {@link ClusterRequestor#using}; the caller closes it.
   *
   * @param connectString ZooKeeper's connect string ({@code host:port,host:port})
   * @param sessionTimeout the session timeout to ask for: how long the ephemeral nodes of a process
   *     that died outlive it, so how soon the others notice (the server bounds it to 2 to 20 ticks)
   * @throws ClusterException if no server answers in time
   */
  public CuratorFramework connect(String connectString, Duration sessionTimeout) {
    return ZkClients.connect(connectString, this, sessionTimeout);
  }

  /**
   * Makes a client builder authenticate for this cluster, for an application that builds its own
   * Curator client.
   */
  public CuratorFrameworkFactory.Builder secure(CuratorFrameworkFactory.Builder builder) {
    return ZkSecurity.secure(builder, this);
  }

  /** The digest credentials ({@code cluster:secret}) a ZooKeeper client authenticates with. */
  byte[] credentials() {
    return (cluster + ":" + secret).getBytes(StandardCharsets.UTF_8);
  }

  /** Names the cluster only: the secret never reaches a log or a message. */
  @Override
  public String toString() {
    return "ClusterAccess[cluster=" + cluster + ", secret=***]";
  }
}
