package dev.quiesce.benchmarks.crash;

/**
 * The round under way, shared by the writers and the provider: they live as long as the
 * coordinator, the rounds change with every kill.
 */
public final class Rounds {
  /** No round yet: {@link #next} starts the first. */
  public Rounds() {}

  private volatile Round current;

  /** Starts a new round for {@code writers} writers, whose take is held, and returns it. */
  public Round next(int writers) {
    Round r = new Round(writers);
    current = r;
    return r;
  }

  /** Starts a round whose takes are not held: for backups that run to the end. */
  public void unheld(int writers) {
    next(writers).released().countDown();
  }

  public Round current() {
    Round r = current;
    if (r == null) {
      throw new IllegalStateException("no round under way");
    }
    return r;
  }
}
