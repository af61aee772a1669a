package dev.quiesce.benchmarks.bank;

import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.benchmarks.support.Trees;
import dev.quiesce.runtime.snapshot.BtrfsSnapshotProvider;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.snapshot.ProcessCommandRunner;
import dev.quiesce.runtime.testing.LoopFilesystem;
import dev.quiesce.runtime.testing.MountUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where one provider's rounds run: the database, the provider, and a scratch directory for the
 * backups on the database's own file system. For XFS and btrfs it is a loop mount made for the run
 * (a sparse image of three times the data and 512 MiB) holding a copy of the built database; the
 * mount is undone by {@link #close()} and, should the run be interrupted (Ctrl-C), by a shutdown
 * hook, so no mount or loop device is left behind.
 */
final class BankSite implements AutoCloseable {
  private static final long MIB = 1024 * 1024;

  private final ProviderKind kind;
  private final Path database;
  private final Path scratch;
  private final SnapshotProvider provider;
  private final LoopFilesystem mount;
  private final Path mountDir;
  private final Thread hook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private BankSite(
      ProviderKind kind,
      Path database,
      Path scratch,
      SnapshotProvider provider,
      LoopFilesystem mount,
      Path mountDir) {
    this.kind = kind;
    this.database = database;
    this.scratch = scratch;
    this.provider = provider;
    this.mount = mount;
    this.mountDir = mountDir;
    this.hook = new Thread(this::closeOnExit, "bank-site-" + kind.label() + "-unmount");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * The site for {@code kind}: for the copy provider the built database itself under {@code work};
   * for XFS and btrfs a loop mount under {@code work/mount-<kind>} with a copy of {@code built}
   * (the Derby database directory, shut down).
   *
   * @throws MountUnavailableException if the loop mount cannot be made here (not root, a tool
   *     missing): the caller runs the other providers
   */
  static BankSite prepare(ProviderKind kind, Path work, Path built)
      throws IOException, MountUnavailableException {
    if (kind == ProviderKind.COPY || kind == ProviderKind.COPY_FULL) {
      Path scratch = work.resolve("scratch-" + kind.label());
      Trees.delete(scratch);
      Files.createDirectories(scratch);
      CopySnapshotProvider.Builder provider =
          CopySnapshotProvider.builder().shadowRoot(scratch.resolve("shadow"));
      if (kind == ProviderKind.COPY_FULL) {
        provider.noPreCopy();
      }
      return new BankSite(kind, built, scratch, provider.build(), null, null);
    }
    if (kind == ProviderKind.BTRFS && !new ProcessCommandRunner().isInstalled("btrfs")) {
      throw new MountUnavailableException("btrfs (btrfs-progs) is not installed: no subvolumes");
    }
    long dataMib = (BankDatabase.size(built) + MIB - 1) / MIB;
    Path mountDir = work.resolve("mount-" + kind.label());
    Trees.delete(mountDir);
    Files.createDirectories(mountDir);
    LoopFilesystem fs =
        LoopFilesystem.create(
            kind == ProviderKind.XFS ? LoopFilesystem.Kind.XFS : LoopFilesystem.Kind.BTRFS,
            3 * dataMib + 512,
            mountDir);
    BankSite site = null;
    try {
      Path data = fs.root().resolve("data");
      if (kind == ProviderKind.BTRFS) {
        // The provider snapshots the subvolume holding the database.
        fs.run("btrfs", "subvolume", "create", data.toString());
      } else {
        Files.createDirectories(data);
      }
      Path scratch = Files.createDirectories(fs.root().resolve("scratch"));
      SnapshotProvider provider =
          kind == ProviderKind.XFS
              ? new CopySnapshotProvider(scratch.resolve("shadow"))
              : new BtrfsSnapshotProvider();
      site = new BankSite(kind, data.resolve("bank"), scratch, provider, fs, mountDir);
      Trees.copy(built, site.database);
      // Synced, so that the copy's write-back does not fall into the measured rounds.
      Trees.sync(data);
      return site;
    } finally {
      if (site == null) {
        closeAfterFailure(fs, mountDir);
      }
    }
  }

  private static void closeAfterFailure(LoopFilesystem fs, Path mountDir) throws IOException {
    try {
      fs.close();
    } finally {
      Trees.delete(mountDir);
    }
  }

  ProviderKind kind() {
    return kind;
  }

  /** The Derby database directory the bank opens. */
  Path database() {
    return database;
  }

  /** Where the backups of a round go, on the database's file system; emptied after each. */
  Path scratch() {
    return scratch;
  }

  SnapshotProvider provider() {
    return provider;
  }

  /**
   * Deletes the scratch directory and, for a loop mount, unmounts, detaches and deletes the image.
   * The database must be shut down first (else the unmount is lazy). Only the first call acts.
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is exiting: the hook itself is what is closing this site.
    }
    if (mount == null) {
      Trees.delete(scratch);
      return;
    }
    try {
      mount.close();
    } finally {
      Trees.delete(mountDir);
    }
  }

  private void closeOnExit() {
    try {
      close();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not undo the " + kind.label() + " loop mount under " + mountDir + ": see mount",
          e);
    }
  }
}
