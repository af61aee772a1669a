package dev.quiesce.benchmarks.crash;

import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The kills against the daemon: per round a child requestor freezes the writers and is SIGKILLed,
 * and the writers' BackupShutdown and Thaw are timed from the kill. Nothing of a round is left when
 * the next starts: its held take has returned, its session has ended, its connection is dropped and
 * its process reaped.
 *
 * <p>Each child is started only then, so no other JVM is starting beside a kill. Starting the next
 * child during the current round instead (connected, idle on its standard input at the kill) was
 * measured: it saved about 20 ms of the 280 ms a round takes, because the JVM's start is the
 * critical path either way, and the figures were the same. Not worth a second process at the kill.
 */
final class Kills {
  private static final Duration READY = Duration.ofSeconds(60);

  private final Path dir;
  private final QuiesceDaemon daemon;
  private final Coordinator coordinator;
  private final Rounds rounds;
  private final int writers;
  private final int warmup;

  /** SIGKILL to the last writer's BackupShutdown, per counted kill, in milliseconds. */
  final double[] lastShutdown;

  /** SIGKILL to the first writer's BackupShutdown. */
  final double[] firstShutdown;

  /** SIGKILL to the last writer's Thaw. */
  final double[] lastThaw;

  /** The killed child's resident memory. */
  final double[] residentMiB;

  /** The first kill's sample, before anything in this JVM was warm. */
  double cold;

  Kills(
      Path dir,
      QuiesceDaemon daemon,
      Coordinator coordinator,
      Rounds rounds,
      int writers,
      int warmup,
      int kills) {
    this.dir = dir;
    this.daemon = daemon;
    this.coordinator = coordinator;
    this.rounds = rounds;
    this.writers = writers;
    this.warmup = warmup;
    lastShutdown = new double[kills];
    firstShutdown = new double[kills];
    lastThaw = new double[kills];
    residentMiB = new double[kills];
  }

  /** Kills {@code warmup} children, then as many as there are samples. */
  void run() throws InterruptedException {
    for (int i = 0; i < warmup + lastShutdown.length; i++) {
      Path log = dir.resolve("child-" + i + ".log");
      ChildJvm child = ChildJvm.start(log, "requestor", daemon.socket().toString());
      try {
        child.awaitReady(READY);
        kill(i, child);
      } finally {
        child.close();
      }
    }
  }

  private void kill(int i, ChildJvm child) throws InterruptedException {
    Round round = rounds.next(writers);
    child.go();
    Waits.await(round.taking(), READY, child, "froze no writers");
    double resident = child.residentMiB();

    long t0 = System.nanoTime();
    child.kill();
    Waits.await(
        round.shutDown(),
        Waits.AWAIT,
        child,
        "was killed, but not every writer got BackupShutdown REQUESTOR_LOST");
    Waits.await(round.thawed(), Waits.AWAIT, child, "was killed, but not every writer was thawed");
    if (round.otherCauses() > 0) {
      throw new IllegalStateException(
          child.failure(
              "was killed, but "
                  + round.otherCauses()
                  + " writers got BackupShutdown with another cause than REQUESTOR_LOST"));
    }
    if (i == 0) {
      cold = (round.lastShutdown() - t0) / 1e6;
    }
    if (i >= warmup) {
      int k = i - warmup;
      lastShutdown[k] = (round.lastShutdown() - t0) / 1e6;
      firstShutdown[k] = (round.firstShutdown() - t0) / 1e6;
      lastThaw[k] = (round.lastThaw() - t0) / 1e6;
      residentMiB[k] = resident;
    }

    round.released().countDown();
    Waits.await(
        round.returned(), Waits.AWAIT, child, "was killed, but the held take did not return");
    Waits.until(() -> coordinator.activeSessions().isEmpty(), child, "its session to end");
    Waits.until(() -> daemon.connectedRequestors() == 0, child, "its connection to be dropped");
    child.reap(Waits.AWAIT);
  }
}
