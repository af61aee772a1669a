package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.crash.HeldProvider;
import dev.quiesce.benchmarks.crash.Rounds;
import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.benchmarks.support.NoopWriter;
import dev.quiesce.benchmarks.support.NoopWriter_Dispatcher;
import dev.quiesce.cluster.ClusterMember;
import dev.quiesce.cluster.ClusterRequestor;
import dev.quiesce.cluster.ClusterSetOptions;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import dev.quiesce.set.SetBackup;
import dev.quiesce.set.SetMember;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;

/**
 * The process {@link SetKillMain} kills inside a snapshot set's global freeze, started by the crash
 * benchmark's {@code ChildJvm}: it prints {@code ready} once connected, and exits when its standard
 * input closes, so it never outlives its parent.
 *
 * <ul>
 *   <li>{@code set-requestor <dir> <socket>...}: a {@link SetBackup} over the daemons; on {@code
 *       go} it takes a set, which blocks in the daemons' held providers until it is killed.
 *   <li>{@code set-member <socket>}: an application (one writer, a provider that holds its take)
 *       served by its own daemon, for the parent's requestor to include in its set.
 *   <li>{@code zk-requestor <connect> <session ms> <dir>}: a {@link ClusterRequestor}; on {@code
 *       go} it takes a set, which blocks in the members' held providers.
 *   <li>{@code zk-member <connect> <session ms> <name>}: an application (one writer, a held
 *       provider) joined to the cluster.
 * </ul>
 */
public final class SetKillChild {
  private static final Duration FREEZE_WINDOW = Duration.ofSeconds(30);

  private SetKillChild() {}

  public static void main(String[] args) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    switch (args[0]) {
      case "set-requestor" -> setRequestor(Path.of(args[1]), args, in);
      case "set-member" -> setMember(Path.of(args[1]), in);
      case "zk-requestor" -> zkRequestor(args[1], millis(args[2]), Path.of(args[3]), in);
      case "zk-member" -> zkMember(args[1], millis(args[2]), args[3], in);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void setRequestor(Path dir, String[] args, BufferedReader in) throws IOException {
    List<RemoteCoordinator> remotes = new ArrayList<>();
    try {
      List<SetMember> members = new ArrayList<>();
      for (int i = 2; i < args.length; i++) {
        RemoteCoordinator c = RemoteCoordinator.connect(Path.of(args[i]), "set-kill-child");
        c.writers();
        remotes.add(c);
        members.add(SetMember.local("m" + i, c, c.disconnected()));
      }
      SetBackup backup = new SetBackup(members, FREEZE_WINDOW, Duration.ofMinutes(2));
      ready();
      if ("go".equals(in.readLine())) {
        backup.backup(BackupOptions.full(), dir, ProgressListener.none());
        System.err.println("the set completed: the child was not killed while it was held");
      }
    } finally {
      remotes.forEach(RemoteCoordinator::close);
    }
  }

  private static void setMember(Path socket, BufferedReader in) throws IOException {
    try (Coordinator c = heldCoordinator();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(
                c, DaemonOptions.at(socket).withRequestorTimeout(Duration.ofMinutes(1)))) {
      ready();
      idle(in);
    }
  }

  private static void zkRequestor(String connect, Duration session, Path dir, BufferedReader in)
      throws IOException {
    try (CuratorFramework client = ZkServer.ACCESS.connect(connect, session);
        ClusterRequestor requestor = ClusterRequestor.using(client, ZkServer.ACCESS)) {
      requestor.members();
      ready();
      if ("go".equals(in.readLine())) {
        requestor.backup(dir, ClusterSetOptions.defaults().withFreezeWindow(FREEZE_WINDOW));
        System.err.println("the set completed: the child was not killed while it was held");
      }
    }
  }

  private static void zkMember(String connect, Duration session, String name, BufferedReader in)
      throws IOException {
    try (Coordinator c = heldCoordinator();
        CuratorFramework client = ZkServer.ACCESS.connect(connect, session);
        ClusterMember member = ClusterMember.join(client, ZkServer.ACCESS, name, c)) {
      ready();
      idle(in);
    }
  }

  /** One writer; the provider holds every take (a minute at most): the writer stays frozen. */
  private static Coordinator heldCoordinator() {
    Rounds rounds = new Rounds();
    rounds.next(1);
    Coordinator c = Backups.coordinator(new HeldProvider(rounds));
    c.subscribe(new NoopWriter_Dispatcher(), new NoopWriter());
    return c;
  }

  private static void idle(BufferedReader in) throws IOException {
    while (in.readLine() != null) {
      // until killed, or until the parent goes away
    }
  }

  private static Duration millis(String s) {
    return Duration.ofMillis(Long.parseLong(s));
  }

  private static void ready() {
    System.out.println("ready");
    System.out.flush();
  }
}
