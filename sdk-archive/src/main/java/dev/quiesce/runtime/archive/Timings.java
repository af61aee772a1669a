package dev.quiesce.runtime.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a backup ran and how long its parts took, for the manifest: the freeze window is what the
 * applications paid, the copy what the backup application spent reading the snapshot.
 *
 * @param startedAt when the backup session started
 * @param freezeWindow how long the writers were frozen (Freeze to Thaw)
 * @param copy how long copying the files into the archive took
 */
public record Timings(Instant startedAt, Duration freezeWindow, Duration copy) {
  /** Checks the fields. */
  public Timings {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(freezeWindow, "freezeWindow");
    Objects.requireNonNull(copy, "copy");
    if (freezeWindow.isNegative() || copy.isNegative()) {
      throw new IllegalArgumentException("durations cannot be negative: " + this);
    }
  }
}
