package dev.quiesce.runtime.testing;

import dev.quiesce.api.EventContext;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.SnapshotEventContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.spi.SessionRecord;
import dev.quiesce.api.spi.WriterDescriptor;
import dev.quiesce.api.spi.WriterDispatcher;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Wraps a writer's dispatcher and injects {@link Fault}s before the real handler runs. A hung
 * handler waits until its session's hangs are released ({@link #releaseHangs(SessionId)}, which
 * {@link WriterHarness} does once the requestor of the session is done) or every hang is ({@link
 * #releaseHangs()}), so a test never leaks a blocked thread.
 *
 * @param <W> the writer class
 */
public final class FaultInjector<W> implements WriterDispatcher<W> {
  /** The longest a hang lasts if nobody releases it, so a forgotten hang cannot block forever. */
  private static final Duration HANG_LIMIT = Duration.ofMinutes(5);

  private final WriterDispatcher<W> delegate;
  private final Map<WriterEvent, Fault> faults = new EnumMap<>(WriterEvent.class);
  private final Map<WriterEvent, CountDownLatch> reached = new EnumMap<>(WriterEvent.class);

  /** One latch per session that had a hang: released per session, so a later hang still hangs. */
  private final Map<SessionId, CountDownLatch> hangs = new HashMap<>();

  private boolean allReleased;
  private volatile Consumer<SessionId> requestorLost =
      id -> {
        throw new IllegalStateException("no coordinator to tell that the requestor is lost");
      };

  /** Injects faults in front of {@code delegate}, usually the writer's generated dispatcher. */
  public FaultInjector(WriterDispatcher<W> delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    for (WriterEvent e : WriterEvent.values()) {
      reached.put(e, new CountDownLatch(1));
    }
  }

  /** Injects {@code fault} at the next delivery of {@code event}. */
  public synchronized FaultInjector<W> inject(WriterEvent event, Fault fault) {
    faults.put(Objects.requireNonNull(event, "event"), Objects.requireNonNull(fault, "fault"));
    return this;
  }

  /** Tells the injector how to make a requestor vanish ({@code coordinator::requestorLost}). */
  public void onRequestorLost(Consumer<SessionId> action) {
    this.requestorLost = Objects.requireNonNull(action, "action");
  }

  /** Releases every hung handler, now and in future. */
  public synchronized void releaseHangs() {
    allReleased = true;
    hangs.values().forEach(CountDownLatch::countDown);
  }

  /**
   * Releases the hung handlers of {@code session}, now and for the rest of it. A hang is how a test
   * makes a handler overrun its deadline; once the requestor is done, releasing it lets the
   * writer's owed events (Thaw, Abort, BackupShutdown) run, so the session ends and can be checked.
   */
  public synchronized void releaseHangs(SessionId session) {
    hangLatch(Objects.requireNonNull(session, "session")).countDown();
  }

  private synchronized CountDownLatch hangLatch(SessionId session) {
    CountDownLatch latch = hangs.computeIfAbsent(session, s -> new CountDownLatch(1));
    if (allReleased) {
      latch.countDown();
    }
    return latch;
  }

  /**
   * Waits until an injected fault at {@code event} fired (for {@link Fault#loseRequestor()}: until
   * the coordinator was told); returns whether it did in time.
   */
  public boolean awaitFault(WriterEvent event, Duration timeout) throws InterruptedException {
    return reached.get(event).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public WriterDescriptor descriptor() {
    return delegate.descriptor();
  }

  @Override
  public void dispatch(W writer, EventContext context, SessionRecord session) throws Exception {
    Fault fault;
    synchronized (this) {
      fault = faults.remove(context.event());
    }
    if (fault != null) {
      if (context instanceof SnapshotEventContext snapshotEvent) {
        // as generated code does before calling the handler that now fails
        session.captureSnapshotSetId(snapshotEvent.currentSnapshotSetId());
      }
      CountDownLatch fired = reached.get(context.event());
      switch (fault.kind()) {
        case THROW -> {
          fired.countDown();
          throw fault.exception();
        }
        case HANG -> {
          fired.countDown();
          if (!hangLatch(context.sessionId()).await(HANG_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(
                "injected hang at " + context.event() + " was never released");
          }
        }
        case LOSE_REQUESTOR -> {
          requestorLost.accept(context.sessionId());
          fired.countDown();
        }
      }
    }
    delegate.dispatch(writer, context, session);
  }
}
