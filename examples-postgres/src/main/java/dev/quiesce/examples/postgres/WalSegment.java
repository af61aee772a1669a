package dev.quiesce.examples.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WAL segment file, by its 24-hex-digit name: timeline, then the segment number split in two
 * (PostgreSQL's {@code XLogFileName}: the high part counts 4 GiB "logs", the low part the segment
 * within one).
 *
 * @param timeline the timeline
 * @param log the high part of the segment number
 * @param segment the low part, below {@code 4 GiB / wal_segment_size}
 */
record WalSegment(long timeline, long log, long segment) {
  private static final Pattern NAME = Pattern.compile("[0-9A-F]{24}");
  private static final Pattern LABEL_START =
      Pattern.compile("^START WAL LOCATION: \\S+ \\(file ([0-9A-F]{24})\\)$", Pattern.MULTILINE);

  /** Parses a segment file's name. */
  static WalSegment parse(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a WAL segment file name: '" + name + "'");
    }
    return new WalSegment(
        Long.parseLong(name.substring(0, 8), 16),
        Long.parseLong(name.substring(8, 16), 16),
        Long.parseLong(name.substring(16, 24), 16));
  }

  /** The first segment a backup needs: the one its {@code backup_label} names as the start. */
  static WalSegment startOf(String backupLabel) {
    Matcher m = LABEL_START.matcher(backupLabel);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "the backup_label has no 'START WAL LOCATION: ... (file ...)' line:\n" + backupLabel);
    }
    return parse(m.group(1));
  }

  /** The file name. */
  String fileName() {
    return String.format("%08X%08X%08X", timeline, log, segment);
  }

  /**
   * The segments from this one to {@code last}, both included, on this timeline.
   *
   * @param segmentSize the cluster's {@code wal_segment_size} in bytes
   * @throws IllegalArgumentException if {@code last} is on another timeline or before this one
   */
  List<WalSegment> through(WalSegment last, long segmentSize) {
    if (last.timeline != timeline || last.number(segmentSize) < number(segmentSize)) {
      throw new IllegalArgumentException(
          "the WAL from " + fileName() + " cannot end at " + last.fileName());
    }
    long perLog = 0x1_0000_0000L / segmentSize;
    List<WalSegment> all = new ArrayList<>();
    for (long n = number(segmentSize); n <= last.number(segmentSize); n++) {
      all.add(new WalSegment(timeline, n / perLog, n % perLog));
    }
    return all;
  }

  private long number(long segmentSize) {
    return log * (0x1_0000_0000L / segmentSize) + segment;
  }
}
