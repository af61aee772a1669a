package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.crash.ChildJvm;
import dev.quiesce.benchmarks.crash.Waits;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One host: three applications here, each behind its own daemon; the child is the requestor ({@link
 * dev.quiesce.set.SetBackup} over the three sockets), killed while every writer is frozen. The
 * daemons notice when the kernel closes the dead process's connections.
 */
final class LocalRequestorKill implements KillScenario {
  private final HeldMembers members;
  private final List<QuiesceDaemon> daemons;

  LocalRequestorKill(HeldMembers members, Path dir) throws IOException {
    this.members = members;
    this.daemons = members.startDaemons(dir);
  }

  @Override
  public String name() {
    return "local.requestor";
  }

  @Override
  public int writers() {
    return members.coordinators.size();
  }

  @Override
  public Duration sessionTimeout() {
    return Duration.ZERO;
  }

  @Override
  public ChildJvm start(Path dir, int n) {
    List<String> args =
        new ArrayList<>(List.of("set-requestor", dir.resolve("set-" + n).toString()));
    daemons.forEach(d -> args.add(d.socket().toString()));
    return ChildJvm.start(
        SetKillChild.class, dir.resolve("child-" + n + ".log"), args.toArray(String[]::new));
  }

  @Override
  public void begin(ChildJvm child) {
    child.go();
  }

  @Override
  public void settle(ChildJvm child) {
    members.awaitIdle(child);
    Waits.until(
        () -> daemons.stream().allMatch(d -> d.connectedRequestors() == 0),
        child,
        "the daemons' connections to be dropped");
  }

  @Override
  public void close() {
    daemons.forEach(QuiesceDaemon::close);
  }
}
