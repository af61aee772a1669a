package dev.quiesce.examples.postgres;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The stamp a backup leaves for the next incremental or differential one: the last WAL segment it
 * needed, and when it called {@code pg_backup_start()}. Every file it copied was copied after that
 * instant, so a file last modified before it (with the same size and modification time as in the
 * base, which the archive checks too) is the base's copy and need not be read again.
 *
 * @param lastSegment the backup's last WAL segment
 * @param started when the backup started, before its snapshot was taken
 */
record BackupStamp(String lastSegment, Instant started) {
  BackupStamp {
    WalSegment.parse(lastSegment);
  }

  String encode() {
    return "wal " + lastSegment + " started " + started;
  }

  /** Parses {@link #encode()}'s form; empty for anything else (a stamp of another version). */
  static Optional<BackupStamp> decode(String stamp) {
    String[] parts = stamp.split(" ");
    if (parts.length != 4 || !parts[0].equals("wal") || !parts[2].equals("started")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BackupStamp(parts[1], Instant.parse(parts[3])));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
