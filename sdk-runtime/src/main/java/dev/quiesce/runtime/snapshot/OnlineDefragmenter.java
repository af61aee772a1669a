package dev.quiesce.runtime.snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The defragmenters that rewrite one file of a mounted filesystem while it is in use, by the
 * filesystem type {@link java.nio.file.FileStore#type()} reports. Both keep the file's contents as
 * they are; what they change is where the data lies on disk, and with it whether it is still shared
 * with another file.
 */
enum OnlineDefragmenter {
  /**
   * {@code xfs_fsr} (xfsprogs): copies the file to a new contiguous place and swaps the extents in
   * only if the file was not modified meanwhile; it skips a file being written, exit code 0.
   */
  XFS("xfs", "xfs_fsr", List.of("xfs_fsr", "-v"), "xfsprogs"),
  /**
   * {@code btrfs filesystem defragment} (btrfs-progs), with {@code -f} to start writing the new
   * extents out (it does not wait for them: they are counted with {@code filefrag -s}, which does).
   * It rewrites every extent it merges, shared or not.
   */
  BTRFS("btrfs", "btrfs", List.of("btrfs", "filesystem", "defragment", "-f"), "btrfs-progs");

  private final String type;
  private final String program;
  private final List<String> command;
  private final String packageName;

  OnlineDefragmenter(String type, String program, List<String> command, String packageName) {
    this.type = type;
    this.program = program;
    this.command = command;
    this.packageName = packageName;
  }

  /** The defragmenter of a filesystem of {@code type} ({@code xfs}, {@code btrfs}), if any. */
  static Optional<OnlineDefragmenter> of(String type) {
    for (OnlineDefragmenter defragmenter : values()) {
      if (defragmenter.type.equals(type)) {
        return Optional.of(defragmenter);
      }
    }
    return Optional.empty();
  }

  /** The program that must be installed. */
  String program() {
    return program;
  }

  /** The package that has {@link #program()}, for the message when it is missing. */
  String packageName() {
    return packageName;
  }

  /** The command line that defragments {@code file}. */
  List<String> command(Path file) {
    List<String> line = new ArrayList<>(command);
    line.add(file.toString());
    return List.copyOf(line);
  }

  /** Why a file can be as fragmented after a successful run, for the warning that says so. */
  String stillFragmentedReason() {
    return this == XFS
        ? "xfs_fsr leaves a file that is written during its run as it was, and a file it cannot"
            + " place in fewer extents of free space"
        : "btrfs merges only the extents it finds worth rewriting, into the free space there is";
  }

  /** What defragmenting a file does to the space it shares with a copy or snapshot. */
  String sharingCaveat() {
    return this == BTRFS
        ? "btrfs defragmenting breaks the sharing with snapshots and reflink copies and takes the"
            + " space a second time"
        : "defragmenting copies the shared extents and takes their space a second time";
  }
}
