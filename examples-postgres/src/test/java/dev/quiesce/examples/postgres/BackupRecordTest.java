package dev.quiesce.examples.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The backup record round-trips byte for byte, and WAL ranges are the segments PostgreSQL names.
 */
class BackupRecordTest {
  private static final String LABEL =
      "START WAL LOCATION: 0/7000028 (file 000000010000000000000007)\n"
          + "CHECKPOINT LOCATION: 0/7000060\n"
          + "BACKUP METHOD: streamed\n"
          + "BACKUP FROM: primary\n"
          + "START TIME: 2026-11-29 20:40:00 UTC\n"
          + "LABEL: quiesce 1234\n"
          + "START TIMELINE: 1\n";

  @Test
  void aRecordSurvivesEncodingExactly() {
    BackupRecord record =
        new BackupRecord(
            LABEL, "16385 /srv/ts\n", "000000010000000000000007", "000000010000000000000009");
    assertEquals(record, BackupRecord.decode(record.encode()));
    BackupRecord noMap =
        new BackupRecord(LABEL, "", "000000010000000000000007", "000000010000000000000007");
    assertEquals(noMap, BackupRecord.decode(noMap.encode()));
  }

  @Test
  void aDamagedRecordIsRefusedSayingWhat() {
    String encoded =
        new BackupRecord(LABEL, "", "000000010000000000000007", "000000010000000000000007")
            .encode();
    IllegalArgumentException cut =
        assertThrows(
            IllegalArgumentException.class,
            () -> BackupRecord.decode(encoded.substring(0, encoded.length() / 2)));
    assertEquals("the backup record's backup_label is cut short", cut.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BackupRecord.decode("something else\n"));
  }

  @Test
  void aStampRoundTripsAndAForeignOneIsIgnored() {
    BackupStamp stamp =
        new BackupStamp("00000001000000000000000C", Instant.parse("2026-11-29T20:40:01.5Z"));
    assertEquals(Optional.of(stamp), BackupStamp.decode(stamp.encode()));
    assertEquals(Optional.empty(), BackupStamp.decode("00000001000000000000000C"));
    assertEquals(Optional.empty(), BackupStamp.decode("wal 00000001000000000000000C started soon"));
  }

  @Test
  void theStartSegmentIsReadFromTheLabel() {
    assertEquals("000000010000000000000007", WalSegment.startOf(LABEL).fileName());
    assertThrows(IllegalArgumentException.class, () -> WalSegment.startOf("no label"));
  }

  @Test
  void aWalRangeCrossesTheBoundaryOfA4GibLog() {
    long sixteenMib = 16L * 1024 * 1024; // 256 segments per 4 GiB log
    List<String> names =
        WalSegment.parse("0000000200000003000000FE")
            .through(WalSegment.parse("000000020000000400000001"), sixteenMib)
            .stream()
            .map(WalSegment::fileName)
            .toList();
    assertEquals(
        List.of(
            "0000000200000003000000FE",
            "0000000200000003000000FF",
            "000000020000000400000000",
            "000000020000000400000001"),
        names);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            WalSegment.parse("000000020000000400000001")
                .through(WalSegment.parse("000000020000000400000000"), sixteenMib));
  }
}
