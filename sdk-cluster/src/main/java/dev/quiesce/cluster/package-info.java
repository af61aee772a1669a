/**
 * One snapshot set across applications on several hosts, coordinated on Apache ZooKeeper through
 * Apache Curator: an application joins a cluster with {@link dev.quiesce.cluster.ClusterMember}, a
 * backup tool takes sets across every live member with {@link
 * dev.quiesce.cluster.ClusterRequestor}.
 *
 * <p>Why ZooKeeper and not a protocol of our own: membership, liveness and the barrier need
 * agreement that survives a crashed host, which is what ZooKeeper's ephemeral nodes and ordered
 * writes give. Quiesce adds only what ZooKeeper cannot know: every member thaws on its own at the
 * end of its freeze window, at once when its ZooKeeper connection is suspended (it could not hear
 * an abort), and when the requestor's ephemeral node disappears. ZooKeeper carries control and
 * small summaries only; each member writes its own part of the set archive.
 *
 * <p>The znode layout, the phases and the threat model of the cluster's ACLs are in {@code
 * docs/SNAPSHOT-SETS-ZOOKEEPER.md}.
 */
package dev.quiesce.cluster;
