package dev.quiesce.benchmarks.bank;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The snapshot providers the bank benchmark compares, each on the file system it is made for: the
 * copy provider's pre-copy on the work directory's file system (ext4 here), beside the same
 * provider copying everything inside the freeze (the window the pre-copy is measured against), its
 * reflink clones on XFS, and btrfs's snapshots of a subvolume. XFS and btrfs run on a loop mount
 * made for the run.
 */
enum ProviderKind {
  /** {@code CopySnapshotProvider} on the work directory's file system: its pre-copy path. */
  COPY,
  /** The same without the pre-copy ({@code noPreCopy()}): the full copy inside the freeze. */
  COPY_FULL,
  /** {@code CopySnapshotProvider} with its shadow root on an XFS (reflink) mount: clones. */
  XFS,
  /** {@code BtrfsSnapshotProvider} on a btrfs subvolume: read-only snapshots. */
  BTRFS;

  /** The name on the command line and in the figures. */
  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The kinds named in {@code list} ({@code copy,copy-full,xfs,btrfs}), in that order. */
  static List<ProviderKind> parse(String list) {
    List<ProviderKind> kinds = new ArrayList<>();
    for (String name : list.split(",")) {
      String key = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      try {
        kinds.add(valueOf(key));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown provider '" + name.strip() + "': name some of copy, copy-full, xfs, btrfs", e);
      }
    }
    return kinds;
  }
}
