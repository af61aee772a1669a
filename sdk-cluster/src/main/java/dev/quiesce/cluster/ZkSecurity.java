package dev.quiesce.cluster;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * The cluster's ZooKeeper ACLs: every znode of a cluster carries one digest ACL granting all
 * permissions to the holders of the cluster's secret and nothing to anyone else. Only the shared
 * root {@code /quiesce} lets any client read and create, so clusters with different secrets can
 * live side by side.
 */
final class ZkSecurity implements ACLProvider {
  private static final List<ACL> ROOT_ACL =
      List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.CREATE, ZooDefs.Ids.ANYONE_ID_UNSAFE));

  private final List<ACL> clusterAcl;

  ZkSecurity(ClusterAccess access) {
    String digest;
    try {
      digest =
          DigestAuthenticationProvider.generateDigest(
              new String(access.credentials(), StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-1, which ZooKeeper digests need", e);
    }
    this.clusterAcl =
        Collections.unmodifiableList(
            new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest)))));
  }

  /** Sets the ACLs and authenticates the client with the cluster's digest credentials. */
  static CuratorFrameworkFactory.Builder secure(
      CuratorFrameworkFactory.Builder builder, ClusterAccess access) {
    return builder
        .aclProvider(new ZkSecurity(access))
        .authorization("digest", access.credentials());
  }

  @Override
  public List<ACL> getDefaultAcl() {
    return clusterAcl;
  }

  @Override
  public List<ACL> getAclForPath(String path) {
    return ZkLayout.ROOT.equals(path) ? ROOT_ACL : clusterAcl;
  }
}
