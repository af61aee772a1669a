/**
 * Snapshot providers: the ways Quiesce makes the point-in-time copy of a snapshot set while the
 * writers are frozen.
 *
 * <p>{@link dev.quiesce.runtime.snapshot.CopySnapshotProvider} copies the files into a shadow
 * directory (cloning them with reflinks where the filesystem can) and works everywhere; {@link
 * dev.quiesce.runtime.snapshot.BtrfsSnapshotProvider}, {@link
 * dev.quiesce.runtime.snapshot.LvmSnapshotProvider} and {@link
 * dev.quiesce.runtime.snapshot.ZfsSnapshotProvider} drive the volume tools where the data lives on
 * such a volume. The volume providers run their tools through a {@link
 * dev.quiesce.runtime.snapshot.CommandRunner}, so their command lines can be tested without the
 * tools.
 */
package dev.quiesce.runtime.snapshot;
