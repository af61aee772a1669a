package dev.quiesce.set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a snapshot set's members were driven, as the set manifest records it: by one requestor over
 * several daemons or coordinators of one host ({@code local}), or through Apache ZooKeeper across
 * hosts ({@code zookeeper}). The archive layout is the same for both.
 */
public enum SetKind {
  /** One requestor over several coordinators of one host. */
  LOCAL("local"),
  /** Members and requestor coordinated through Apache ZooKeeper. */
  ZOOKEEPER("zookeeper");

  private final String wireName;

  SetKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the set manifest. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /**
   * The kind a manifest names.
   *
   * @throws IllegalArgumentException if it names none
   */
  @JsonCreator
  public static SetKind named(String name) {
    for (SetKind k : values()) {
      if (k.wireName.equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown set kind '" + name + "' (expected 'local' or 'zookeeper')");
  }
}
