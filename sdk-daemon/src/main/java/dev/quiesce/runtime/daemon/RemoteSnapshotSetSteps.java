package dev.quiesce.runtime.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.SnapshotSetSteps;
import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.SetStep;
import dev.quiesce.runtime.daemon.Wire.ThawDeadline;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A member's steps run by its daemon; each method is one call. The member's watchdog runs in the
 * daemon, so a requestor that dies or hangs between steps cannot keep its writers frozen: the
 * daemon thaws them at the deadline, or at once when the connection ends.
 */
final class RemoteSnapshotSetSteps implements SnapshotSetSteps {
  private final RemoteBackupSession session;
  private final SnapshotSetId id;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Instant thawDeadline = Instant.MAX;

  RemoteSnapshotSetSteps(RemoteBackupSession session, SnapshotSetId id) {
    this.session = session;
    this.id = id;
  }

  @Override
  public SnapshotSetId id() {
    return id;
  }

  @Override
  public void prepare() {
    session.call(Call.SET_PREPARE);
  }

  @Override
  public void freeze(ApplicationLevel level) {
    JsonNode answer = step(Call.SET_FREEZE, level);
    Long at = session.remote.convert(session.id, answer, ThawDeadline.class).epochMillis();
    if (at != null) {
      thawDeadline = Instant.ofEpochMilli(at);
    }
  }

  @Override
  public void snapshot() {
    session.call(Call.SET_SNAPSHOT);
  }

  @Override
  public void thaw(ApplicationLevel level) {
    step(Call.SET_THAW, level);
  }

  @Override
  public SnapshotSet finish() {
    return session.toSet(session.call(Call.SET_FINISH));
  }

  /** As the daemon last said, after a freeze; {@link Instant#MAX} before. */
  @Override
  public Instant thawDeadline() {
    return thawDeadline;
  }

  /**
   * Asks the daemon to close the steps (it thaws at once). When the connection is gone the daemon
   * has ended the session as lost already, which thawed everything.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && session.remote.isConnected()) {
      session.call(Call.SET_CLOSE);
    }
  }

  private JsonNode step(Call call, ApplicationLevel level) {
    Objects.requireNonNull(level, "level");
    return session.remote.call(
        session.id, n -> Request.of(n, call, session.id).withSet(SetStep.at(level)));
  }

  @Override
  public String toString() {
    return "SnapshotSetSteps[" + id + " of " + session.id + " over the daemon]";
  }
}
