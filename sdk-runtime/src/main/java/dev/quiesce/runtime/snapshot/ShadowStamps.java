package dev.quiesce.runtime.snapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The {@link FileStamp}s of the originals a shadow copy was made from, each taken before its copy,
 * and when the first of them was taken: the proof, checked later, that a copy still has its
 * original's contents ({@link #proves}).
 *
 * @param files the original of each copied file and its stamp
 * @param from when stamping began (the stamps' clock margin is measured from here)
 */
record ShadowStamps(Map<Path, FileStamp> files, Instant from) {
  ShadowStamps {
    files = Map.copyOf(files);
  }

  /** No stamps: proves nothing. */
  static final ShadowStamps NONE = new ShadowStamps(Map.of(), Instant.EPOCH);

  /**
   * Whether {@code original}, stamped {@code now}, certainly has the contents it had when it was
   * copied (see {@link FileStamp#trustedAgainst}).
   */
  boolean proves(Path original, FileStamp now, Duration margin) {
    FileStamp before = files.get(original);
    return before != null && before.trustedAgainst(now, from, margin);
  }
}
