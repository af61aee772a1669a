package dev.quiesce.cluster;

import java.util.List;
import java.util.Objects;

/**
 * A live member of a cluster, as its ephemeral znode says: what {@code quiesce writers --zookeeper}
 * lists.
 *
 * @param name the member's name, unique in the cluster
 * @param host the host it runs on
 * @param writers its coordinator's writers when it joined, by name
 */
public record MemberInfo(String name, String host, List<String> writers) {
  /** Checks every field is present. */
  public MemberInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    writers = List.copyOf(writers);
  }
}
