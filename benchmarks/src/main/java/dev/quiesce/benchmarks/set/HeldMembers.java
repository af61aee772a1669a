package dev.quiesce.benchmarks.set;

import dev.quiesce.benchmarks.crash.ChildJvm;
import dev.quiesce.benchmarks.crash.CrashWriter;
import dev.quiesce.benchmarks.crash.CrashWriter_Dispatcher;
import dev.quiesce.benchmarks.crash.HeldProvider;
import dev.quiesce.benchmarks.crash.Rounds;
import dev.quiesce.benchmarks.crash.Waits;
import dev.quiesce.benchmarks.support.Backups;
import dev.quiesce.runtime.Coordinator;
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
