package dev.quiesce.benchmarks.crash;

import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The process {@link CrashToShutdownMain} kills. It connects first and prints {@code ready}, then
 * waits, blocked on its standard input, so the parent tells a slow start from a failed one before a
 * round begins. Either mode exits when its standard input closes, so a child whose parent died does
 * not linger.
 *
 * <p>{@code requestor <daemon socket>} connects to the daemon (and asks for its writers once, so
 * the protocol's classes are loaded before {@code go}); on a {@code go} line it opens a full
 * backup, prepares it and calls {@code doSnapshotSet}, which blocks in the daemon's held provider
 * until the child is killed.
 *
 * <p>{@code eof <daemon socket> <floor socket>} is the floor's child: it runs one whole backup
 * through the daemon (its provider not held) and disconnects, so that it has loaded and run the
 * same code and grown about as large as a requestor child — the kernel frees a killed process's
 * memory before it closes its sockets, so the floor depends on the size — then connects a bare
 * socket to {@code floor socket}, sends one byte on it (so the parent knows its reader is reading)
 * and idles.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws IOException {
    Path daemon = Path.of(args[1]);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (args[0].equals("eof")) {
      floor(daemon, Path.of(args[2]), in);
    } else {
      requestor(daemon, in);
    }
  }

  private static void requestor(Path daemon, BufferedReader in) throws IOException {
    try (RemoteCoordinator remote = RemoteCoordinator.connect(daemon, "crash-child")) {
      remote.writers();
      ready();
      if (!"go".equals(in.readLine())) {
        return;
      }
      BackupSession backup = remote.openBackup(BackupOptions.full());
      backup.prepareForBackup();
      backup.doSnapshotSet(Backups.PATHS);
      System.err.println("doSnapshotSet returned: the child was not killed while it was held");
    }
  }

  private static void floor(Path daemon, Path floor, BufferedReader in) throws IOException {
    try (RemoteCoordinator remote = RemoteCoordinator.connect(daemon, "crash-floor-child")) {
      remote.writers();
      BackupSession backup = remote.openBackup(BackupOptions.full());
      backup.prepareForBackup();
      backup.doSnapshotSet(Backups.PATHS).close();
      Backups.complete(backup);
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(floor));
      channel.write(ByteBuffer.wrap(new byte[] {1}));
      ready();
      while (in.readLine() != null) {
        // idle until killed, or until the parent goes away
      }
    }
  }

  private static void ready() {
    System.out.println("ready");
    System.out.flush();
  }
}
