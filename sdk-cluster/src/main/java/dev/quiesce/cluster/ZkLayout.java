package dev.quiesce.cluster;

import dev.quiesce.api.SnapshotSetId;

/**
 * Where a cluster's znodes are, in the spirit of HBase's procedure layout (acquired, reached,
 * abort), one level per step of the set:
 *
 * <pre>
 * /quiesce                                   world may read and create (other clusters live here)
 * /quiesce/CLUSTER                           the cluster's digest ACL from here down
 *   members/MEMBER                           EPHEMERAL: a live member and its writers (JSON)
 *   sets/SET-ID                              the set's spec (JSON), written by its requestor
 *     owner                                  EPHEMERAL: the requestor is alive
 *     abort                                  the cause; anyone in the cluster may write it
 *     plan                                   the requestor, after PREPARE: the levels with barriers
 *     reached/PHASE                          the requestor: every member may run PHASE
 *     acquired/PHASE/MEMBER                  a member: PHASE done here (FINISH: its part's summary)
 *     ended/MEMBER                           a member: its run of the set is over, whatever the end
 * </pre>
 */
record ZkLayout(String cluster) {
  static final String ROOT = "/quiesce";

  String clusterRoot() {
    return ROOT + "/" + cluster;
  }

  String members() {
    return clusterRoot() + "/members";
  }

  String member(String name) {
    return members() + "/" + name;
  }

  String sets() {
    return clusterRoot() + "/sets";
  }

  String set(SnapshotSetId id) {
    return sets() + "/" + id;
  }

  String owner(SnapshotSetId id) {
    return set(id) + "/owner";
  }

  String abort(SnapshotSetId id) {
    return set(id) + "/abort";
  }

  String plan(SnapshotSetId id) {
    return set(id) + "/plan";
  }

  String reachedRoot(SnapshotSetId id) {
    return set(id) + "/reached";
  }

  String reached(SnapshotSetId id, Phase phase) {
    return reachedRoot(id) + "/" + phase.znode();
  }

  String acquiredRoot(SnapshotSetId id) {
    return set(id) + "/acquired";
  }

  String acquired(SnapshotSetId id, Phase phase) {
    return acquiredRoot(id) + "/" + phase.znode();
  }

  String acquired(SnapshotSetId id, Phase phase, String member) {
    return acquired(id, phase) + "/" + member;
  }

  String ended(SnapshotSetId id) {
    return set(id) + "/ended";
  }

  String ended(SnapshotSetId id, String member) {
    return ended(id) + "/" + member;
  }
}
