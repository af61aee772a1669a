package dev.quiesce.benchmarks.dispatch;

import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.Requestor;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A fixed Freeze context: the values a coordinator would hand the dispatcher. */
final class BenchFreezeContext implements FreezeContext {
  private final SessionId session = SessionId.random();
  private final SnapshotSetId set = SnapshotSetId.random();
  private final Instant deadline = Instant.now().plusSeconds(60);
  private final Requestor requestor = Requestor.inProcess("bench");

  @Override
  public WriterEvent event() {
    return WriterEvent.FREEZE;
  }

  @Override
  public SessionId sessionId() {
    return session;
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public Requestor requestor() {
    return requestor;
  }

  @Override
  public void reportFailure(WriterFailure failure, String message) {
    throw new UnsupportedOperationException("not in a benchmark");
  }

  @Override
  public SnapshotSetId currentSnapshotSetId() {
    return set;
  }

  @Override
  public List<Path> volumes() {
    return List.of();
  }
}
