package dev.quiesce.cluster;

import java.util.Objects;

/**
 * One member's part of a set archive, as the member reports it through ZooKeeper once its part is
 * durably written: small enough for a znode, enough for the set manifest.
 *
 * @param member the member's name
 * @param host the host it ran on
 * @param path the part's directory relative to the set's directory ({@code parts/<member>})
 * @param manifestSha256 the SHA-256 (hex) of the part's manifest file
 * @param writers how many writers the part holds
 * @param files how many files the part holds
 */
public record PartSummary(
    String member, String host, String path, String manifestSha256, int writers, int files) {
  /** Checks every field is present. */
  public PartSummary {
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(manifestSha256, "manifestSha256");
  }
}
