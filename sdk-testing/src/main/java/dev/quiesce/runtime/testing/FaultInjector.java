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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Wraps a writer's dispatcher and injects {@link Fault}s before the real handler runs. Hung handlers
 * wait on a latch that {@link #releaseHangs()} opens, so a test never leaks a blocked thread.
 *
 * @param <W> the writer class
 */
public final class FaultInjector<W> implements WriterDispatcher<W> {
  /** The longest a hang lasts if nobody releases it, so a forgotten hang cannot block forever. */
  private static final Duration HANG_LIMIT = Duration.ofMinutes(5);

  private final WriterDispatcher<W> delegate;
  private final Map<WriterEvent, Fault> faults = new EnumMap<>(WriterEvent.class);
  private final Map<WriterEvent, CountDownLatch> reached = new EnumMap<>(WriterEvent.class);
  private final CountDownLatch release = new CountDownLatch(1);
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
  public void releaseHangs() {
    release.countDown();
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
          if (!release.await(HANG_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("injected hang at " + context.event() + " was never released");
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
