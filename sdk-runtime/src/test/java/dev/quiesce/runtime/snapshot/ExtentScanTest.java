package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The parser of {@code filefrag -v} against output recorded from filefrag 1.47.0 on XFS and btrfs
 * loop mounts: a file written in a checkerboard of 4 KiB blocks (64 extents), the same after a
 * {@code cp --reflink=always} copy of it (every extent shared), one with its first blocks
 * overwritten after such a copy (partly shared), a btrfs file in a read-only snapshot, and an empty
 * file.
 */
class ExtentScanTest {
  private static Optional<ExtentScan.Extents> recorded(String name) throws IOException {
    try (InputStream in =
        ExtentScanTest.class.getResourceAsStream("filefrag/filefrag-v-" + name + ".txt")) {
      assertNotNull(in, "recorded output " + name);
      return ExtentScan.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void unsharedExtentsAreCountedAndNoneIsShared() throws IOException {
    for (String fs : new String[] {"xfs", "btrfs"}) {
      ExtentScan.Extents extents = recorded(fs + "-unshared").orElseThrow();
      assertEquals(new ExtentScan.Extents(64, 64, 0), extents, fs);
      assertFalse(extents.anyShared(), fs);
    }
  }

  @Test
  void extentsOfAReflinkCopiedFileAreShared() throws IOException {
    for (String fs : new String[] {"xfs", "btrfs"}) {
      ExtentScan.Extents extents = recorded(fs + "-shared").orElseThrow();
      assertEquals(new ExtentScan.Extents(64, 64, 64), extents, fs);
      assertTrue(extents.anyShared(), fs);
    }
  }

  @Test
  void aFileSharingSomeExtentsIsShared() throws IOException {
    assertEquals(new ExtentScan.Extents(13, 13, 12), recorded("xfs-partly-shared").orElseThrow());
  }

  @Test
  void aFileInABtrfsSnapshotIsSharedEvenInOneExtent() throws IOException {
    assertEquals(new ExtentScan.Extents(1, 1, 1), recorded("btrfs-snapshot-shared").orElseThrow());
  }

  @Test
  void anEmptyFileHasNoExtents() throws IOException {
    assertEquals(new ExtentScan.Extents(0, 0, 0), recorded("xfs-empty").orElseThrow());
  }

  @Test
  void flagsAreMatchedWholeAndWithOrWithoutTheExpectedColumn() {
    String output =
        String.join(
            "\n",
            "Filesystem type is: 58465342",
            "File size of /d/shared: 9: x is 12288 (3 blocks of 4096 bytes)",
            " ext:     logical_offset:        physical_offset: length:   expected: flags:",
            "   0:        0..       0:         10..        10:      1:             unshared_x",
            "   1:        1..       1:         27..        27:      1:         11: notshared",
            "   2:        2..       2:         12..        12:      1:             eof,shared",
            "/d/shared: 9: x: 3 extents found");
    assertEquals(Optional.of(new ExtentScan.Extents(3, 3, 1)), ExtentScan.parse(output));
  }

  @Test
  void outputWithoutTheCountOrWithoutExtentLinesIsNotUnderstood() {
    assertEquals(Optional.empty(), ExtentScan.parse(""));
    assertEquals(
        Optional.empty(),
        ExtentScan.parse("   0:        0..       0:         10..        10:      1:    shared\n"),
        "cut short before the count");
    assertEquals(
        Optional.empty(),
        ExtentScan.parse("Filesystem cylinder groups approximately 78\n/d/f: 3 extents found\n"),
        "the FIBMAP fallback lists no extents, so their flags are unknown");
  }
}
