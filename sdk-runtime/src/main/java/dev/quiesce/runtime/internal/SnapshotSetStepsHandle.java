package dev.quiesce.runtime.internal;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.SnapshotSetSteps;
import java.time.Instant;
import java.util.Objects;

/**
 * The requestor's handle on one member's steps. It keeps the session's handle reachable, so a
 * requestor that holds only the steps does not have its session ended as lost under it.
 */
final class SnapshotSetStepsHandle implements SnapshotSetSteps {
  private final BackupSessionHandle session;
  private final SnapshotSetRun run;

  SnapshotSetStepsHandle(BackupSessionHandle session, SnapshotSetRun run) {
    this.session = Objects.requireNonNull(session, "session");
    this.run = Objects.requireNonNull(run, "run");
  }

  @Override
  public SnapshotSetId id() {
    return run.id();
  }

  @Override
  public void prepare() {
    session.fenced(run::prepare);
  }

  @Override
  public void freeze(ApplicationLevel level) {
    Objects.requireNonNull(level, "level");
    session.fenced(() -> run.freeze(level));
  }

  @Override
  public void snapshot() {
    session.fenced(run::snapshot);
  }

  @Override
  public void thaw(ApplicationLevel level) {
    Objects.requireNonNull(level, "level");
    session.fenced(() -> run.thaw(level));
  }

  @Override
  public SnapshotSet finish() {
    return session.fenced(run::finish);
  }

  @Override
  public Instant thawDeadline() {
    return run.thawDeadline();
  }

  @Override
  public void close() {
    session.fenced(run::close);
  }

  @Override
  public String toString() {
    return "SnapshotSetSteps[" + run.id() + " of " + session + "]";
  }
}
