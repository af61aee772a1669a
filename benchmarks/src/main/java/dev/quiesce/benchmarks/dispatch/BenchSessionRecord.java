package dev.quiesce.benchmarks.dispatch;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.SessionRecord;
import java.util.Optional;

/**
 * A session record holding one session state, as the runtime's does for a writer with one
 * {@code @SessionState} class: the capture and the lookup the generated code performs are real.
 */
final class BenchSessionRecord implements SessionRecord {
  private final HeldWrites held = new HeldWrites();
  private volatile SnapshotSetId captured;

  HeldWrites held() {
    return held;
  }

  @Override
  public void captureSnapshotSetId(SnapshotSetId id) {
    SnapshotSetId before = captured;
    if (before == null) {
      captured = id;
    } else if (!before.equals(id)) {
      throw new IllegalStateException("a session has one snapshot set");
    }
  }

  @Override
  public Optional<SnapshotSetId> capturedSnapshotSetId() {
    return Optional.ofNullable(captured);
  }

  @Override
  public <T> T sessionState(Class<T> type) {
    if (type != HeldWrites.class) {
      throw new IllegalArgumentException("no session state of " + type);
    }
    return type.cast(held);
  }
}
