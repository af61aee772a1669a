package dev.quiesce.cluster;

import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.ACL;

/**
 * The few ZooKeeper operations the cluster uses, each creating znodes with the cluster's ACL
 * explicitly, so a Curator client handed in by the application needs no ACL provider of ours.
 */
final class Znodes {
  private final CuratorFramework zk;
  private final ZkSecurity acls;

  Znodes(CuratorFramework zk, ClusterAccess access) {
    this.zk = zk;
    this.acls = new ZkSecurity(access);
  }

  CuratorFramework client() {
    return zk;
  }

  List<ACL> acl(String path) {
    return acls.getAclForPath(path);
  }

  /** Creates {@code path} and its missing ancestors, each with its ACL; nothing if it exists. */
  void ensure(String path) throws Exception {
    int from = 1;
    while (true) {
      int slash = path.indexOf('/', from);
      String prefix = slash < 0 ? path : path.substring(0, slash);
      if (zk.checkExists().forPath(prefix) == null) {
        try {
          zk.create().withMode(CreateMode.PERSISTENT).withACL(acl(prefix)).forPath(prefix);
        } catch (KeeperException.NodeExistsException raced) {
          // made meanwhile by another process: what we wanted
        }
      }
      if (slash < 0) {
        return;
      }
      from = slash + 1;
    }
  }

  /** Creates a znode whose parent exists. */
  void create(String path, byte[] data, CreateMode mode) throws Exception {
    zk.create().withMode(mode).withACL(acl(path)).forPath(path, data);
  }

  /**
   * Creates a znode unless it exists.
   *
   * @return whether this call created it
   */
  boolean createIfAbsent(String path, byte[] data, CreateMode mode) throws Exception {
    try {
      create(path, data, mode);
      return true;
    } catch (KeeperException.NodeExistsException e) {
      return false;
    }
  }

  boolean exists(String path, Watcher watcher) throws Exception {
    return zk.checkExists().usingWatcher(watcher).forPath(path) != null;
  }

  List<String> children(String path, Watcher watcher) throws Exception {
    return zk.getChildren().usingWatcher(watcher).forPath(path);
  }

  List<String> children(String path) throws Exception {
    return zk.getChildren().forPath(path);
  }

  /** The znode's data, or empty if it does not exist. */
  Optional<byte[]> read(String path) throws Exception {
    try {
      return Optional.of(zk.getData().forPath(path));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
  }

  /** Deletes a znode and everything under it; nothing if it is gone. */
  void deleteTree(String path) throws Exception {
    try {
      zk.delete().deletingChildrenIfNeeded().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      // gone already
    }
  }

  /** Deletes one znode; nothing if it is gone. */
  void delete(String path) throws Exception {
    try {
      zk.delete().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      // gone already
    }
  }
}
