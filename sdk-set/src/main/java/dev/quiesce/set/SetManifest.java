package dev.quiesce.set;

import dev.quiesce.api.SnapshotSetId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The manifest of a set archive: one snapshot set taken across several members (coordinators), each
 * of which wrote an ordinary Quiesce archive of its own. The set archive's layout is fixed:
 *
 * <pre>
 * DIR/set-manifest.json          this manifest, written last
 * DIR/parts/&lt;member&gt;/           one ordinary archive per member (manifest.json, data/)
 * </pre>
 *
 * The set manifest names each part and the SHA-256 of the part's {@code manifest.json}; the part's
 * manifest in turn has the SHA-256 of each of its files, so the set manifest pins every byte of the
 * set. Data stays in the parts: the set manifest is small.
 *
 * @param formatVersion the format of this manifest: {@value #CURRENT_FORMAT_VERSION}
 * @param setId the snapshot set's id, the same in every part's manifest
 * @param created when the requestor finished writing the set
 * @param kind how the members were driven
 * @param parts one per member, in the order the requestor listed its members
 */
public record SetManifest(
    int formatVersion, SnapshotSetId setId, Instant created, SetKind kind, List<Part> parts) {
  /** The format this Quiesce writes and reads. */
  public static final int CURRENT_FORMAT_VERSION = 1;

  /** The set manifest's file name in the set directory. */
  public static final String FILE_NAME = "set-manifest.json";

  /** The directory of the parts in the set directory. */
  public static final String PARTS_DIR = "parts";

  /**
   * What a member may be called: a letter or digit, then up to 63 letters, digits, dots, dashes or
   * underscores. It names a directory, so nothing else (no separator, no {@code ..}).
   */
  public static final Pattern MEMBER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** Checks every field is present and copies the parts. */
  public SetManifest {
    Objects.requireNonNull(setId, "setId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(kind, "kind");
    parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
  }

  /**
   * One member's part of the set.
   *
   * @param member the member's name (see {@link #MEMBER_NAME})
   * @param host the host the member ran on
   * @param path where the part is, relative to the set directory: {@code parts/<member>}
   * @param manifestSha256 the SHA-256 (lowercase hex) of the part's {@code manifest.json}
   * @param writers how many writers the part's manifest lists
   */
  public record Part(String member, String host, String path, String manifestSha256, int writers) {
    /** Checks every field is present. */
    public Part {
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(manifestSha256, "manifestSha256");
    }
  }

  /** The relative path of {@code member}'s part: {@code parts/<member>}. */
  public static String partPath(String member) {
    return PARTS_DIR + "/" + member;
  }

  /** The part of {@code member}, if the set has one. */
  public java.util.Optional<Part> part(String member) {
    return parts.stream().filter(p -> p.member().equals(member)).findFirst();
  }
}
