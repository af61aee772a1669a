package dev.quiesce.examples.postgres;

import java.util.Objects;

/**
 * What one backup of the cluster must carry to be restored, as PostgreSQL's {@code
 * pg_backup_stop()} returned it: the {@code backup_label} and {@code tablespace_map} files' exact
 * contents, and the WAL it needs (from the label's start segment through the stop segment). It is
 * the component's backup metadata: opaque to Quiesce, given back at restore.
 *
 * @param backupLabel the {@code backup_label} contents, byte for byte
 * @param tablespaceMap the {@code tablespace_map} contents; empty when there are no tablespaces
 * @param firstSegment the first WAL segment the backup needs
 * @param lastSegment the last one (the segment of {@code pg_backup_stop()}'s LSN)
 */
record BackupRecord(
    String backupLabel, String tablespaceMap, String firstSegment, String lastSegment) {
  private static final String MAGIC = "quiesce-postgres-backup 1";

  BackupRecord {
    Objects.requireNonNull(backupLabel, "backupLabel");
    Objects.requireNonNull(tablespaceMap, "tablespaceMap");
    WalSegment.parse(firstSegment);
    WalSegment.parse(lastSegment);
  }

  /** Encodes it as one string: two header lines, then each file with its length in front. */
  String encode() {
    return MAGIC
        + "\nwal "
        + firstSegment
        + " "
        + lastSegment
        + "\nbackup_label "
        + backupLabel.length()
        + "\n"
        + backupLabel
        + "\ntablespace_map "
        + tablespaceMap.length()
        + "\n"
        + tablespaceMap;
  }

  /**
   * Decodes what {@link #encode()} made.
   *
   * @throws IllegalArgumentException if {@code text} is not such a record
   */
  static BackupRecord decode(String text) {
    Reader r = new Reader(text);
    r.expectLine(MAGIC);
    String[] wal = r.line().split(" ");
    if (wal.length != 3 || !wal[0].equals("wal")) {
      throw new IllegalArgumentException("the backup record has no 'wal FIRST LAST' line");
    }
    String label = r.sized("backup_label");
    r.expectLine("");
    String map = r.sized("tablespace_map");
    return new BackupRecord(label, map, wal[1], wal[2]);
  }

  /** Reads the encoded form front to back. */
  private static final class Reader {
    private final String text;
    private int at;

    Reader(String text) {
      this.text = text;
    }

    String line() {
      int end = text.indexOf('\n', at);
      if (end < 0) {
        throw new IllegalArgumentException("the backup record is cut short at character " + at);
      }
      String line = text.substring(at, end);
      at = end + 1;
      return line;
    }

    void expectLine(String expected) {
      String line = line();
      if (!line.equals(expected)) {
        throw new IllegalArgumentException(
            "the backup record has '" + line + "' where '" + expected + "' belongs");
      }
    }

    String sized(String name) {
      String header = line();
      if (!header.startsWith(name + " ")) {
        throw new IllegalArgumentException("the backup record has no '" + name + "' section");
      }
      int length = Integer.parseInt(header.substring(name.length() + 1));
      if (length < 0 || at + length > text.length()) {
        throw new IllegalArgumentException("the backup record's " + name + " is cut short");
      }
      String body = text.substring(at, at + length);
      at += length;
      return body;
    }
  }
}
