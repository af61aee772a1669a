package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.crash.ChildJvm;
import dev.quiesce.benchmarks.crash.CrashWriter;
import dev.quiesce.benchmarks.crash.CrashWriter_Dispatcher;
import dev.quiesce.benchmarks.crash.HeldProvider;
import dev.quiesce.benchmarks.crash.Rounds;
import dev.quiesce.benchmarks.crash.Waits;
import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The applications in this JVM whose thaw is timed: coordinators with one writer each ({@link
 * CrashWriter}, which stamps its Thaw into the current round) and a provider that holds its take
 * until the round releases it ({@link HeldProvider}), so the set stays inside its global freeze
 * until the kill.
 */
final class HeldMembers implements AutoCloseable {
  final Rounds rounds = new Rounds();
  final List<Coordinator> coordinators = new ArrayList<>();

  HeldMembers(int count) {
    for (int i = 0; i < count; i++) {
      Coordinator c = Backups.coordinator(new HeldProvider(rounds));
      c.subscribe(new CrashWriter_Dispatcher(), new CrashWriter(rounds));
      coordinators.add(c);
    }
  }

  /** Waits until no coordinator here has a session open. */
  /**
   * A daemon in front of each coordinator, at {@code dir/d<i>.sock}, with a requestor timeout long
   * enough that only a dead connection ends a session.
   */
  List<QuiesceDaemon> startDaemons(Path dir) throws IOException {
    List<QuiesceDaemon> daemons = new ArrayList<>();
    for (int i = 0; i < coordinators.size(); i++) {
      daemons.add(
          QuiesceDaemon.start(
              coordinators.get(i),
              DaemonOptions.at(dir.resolve("d" + i + ".sock"))
                  .withRequestorTimeout(Duration.ofMinutes(1))));
    }
    return daemons;
  }

  void awaitIdle(ChildJvm child) {
    Waits.until(
        () -> coordinators.stream().allMatch(c -> c.activeSessions().isEmpty()),
        child,
        "every session here to end");
  }

  @Override
  public void close() {
    coordinators.forEach(Coordinator::close);
  }
}
