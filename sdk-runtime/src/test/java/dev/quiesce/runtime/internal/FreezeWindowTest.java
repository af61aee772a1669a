package dev.quiesce.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.EventContext;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.UsageType;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.spi.SessionRecord;
import dev.quiesce.api.spi.WriterDescriptor;
import dev.quiesce.api.spi.WriterDispatcher;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The freeze window publishes its expiry together with the thaw, under the session's monitor: a
 * thread that sees writers thawed by the watchdog (it reads that under the monitor) sees the window
 * expired too. When the expiry came after the monitor was let go, the requestor could find a hung
 * writer thawed while the window still looked open, take the snapshot as if writers were frozen,
 * and have that take cut short by the late expiry (AbortTest's crash-consistent case failed once in
 * about ten CI runs with "did not finish within the freeze window").
 *
 * <p>Each test observes the moment of the expiry itself: a dependent registered on {@link
 * FreezeWindow#expired()} before the window can expire runs on the thread that completes it, inside
 * that completion, so {@link Thread#holdsLock} there tells whether the monitor was still held.
 */
class FreezeWindowTest {
  private static final long AWAIT_SECONDS = 10;

  /** The session, as far as the window sees it: counts its expiry actions and their monitor. */
  private static final class FakeSession implements FreezeWindow.Owner {
    private final Duration freezeTimeout;
    private boolean thawed;
    private int expiries;
    private boolean monitorHeldByExpiry;

    FakeSession(Duration freezeTimeout) {
      this.freezeTimeout = freezeTimeout;
    }

    @Override
    public synchronized boolean freezeWindowExpired(Participant p, long windowMillis) {
      return thawOnce();
    }

    @Override
    public synchronized boolean setWindowExpired(long windowMillis) {
      return thawOnce();
    }

    /** Like the session: the first expiry thaws everyone, later ones find them thawed. */
    private boolean thawOnce() {
      expiries++;
      monitorHeldByExpiry = Thread.holdsLock(this);
      boolean first = !thawed;
      thawed = true;
      return first;
    }

    synchronized int expiries() {
      return expiries;
    }

    synchronized boolean monitorHeldByExpiry() {
      return monitorHeldByExpiry;
    }

    @Override
    public Duration freezeTimeout(Participant p) {
      return freezeTimeout;
    }
  }

  private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  private static Participant writer(long freezeTimeoutMillis) {
    WriterDescriptor descriptor =
        new WriterDescriptor(
            Object.class,
            "hangs",
            UUID.randomUUID(),
            "",
            ApplicationLevel.FRONT_END,
            UsageType.USER_DATA,
            SourceType.OTHER,
            freezeTimeoutMillis,
            Set.of(WriterEvent.FREEZE),
            Set.of());
    WriterDispatcher<Object> dispatcher =
        new WriterDispatcher<>() {
          @Override
          public WriterDescriptor descriptor() {
            return descriptor;
          }

          @Override
          public void dispatch(Object writer, EventContext context, SessionRecord session) {
            throw new AssertionError("the window never runs writer code");
          }
        };
    // the window reads only the writer's descriptor: no session and no lane behind it
    return new Participant(new WriterRegistration(dispatcher, new Object()), null, null);
  }

  /** Completes with whether the session's monitor was held at the moment the window expired. */
  private static CompletableFuture<Boolean> monitorHeldAtExpiry(
      FreezeWindow window, FakeSession session) {
    CompletableFuture<Boolean> held = new CompletableFuture<>();
    window.expired().thenRun(() -> held.complete(Thread.holdsLock(session)));
    return held;
  }

  @Test
  void theWatchdogExpiresAWritersWindowBeforeItLetsGoOfTheSession() throws Exception {
    FakeSession session = new FakeSession(Duration.ofSeconds(30));
    FreezeWindow window = new FreezeWindow(session, timers);
    CompletableFuture<Boolean> held = monitorHeldAtExpiry(window, session);

    window.arm(writer(1));

    assertTrue(
        held.get(AWAIT_SECONDS, TimeUnit.SECONDS),
        "the window expired after the watchdog let go of the session: a requestor could see the"
            + " writers thawed and the window open");
    assertEquals(1, session.expiries());
    assertTrue(session.monitorHeldByExpiry());
    assertTrue(window.isExpired());
  }

  @Test
  void theWatchdogExpiresTheSetsWindowBeforeItLetsGoOfTheSession() throws Exception {
    FakeSession session = new FakeSession(Duration.ofSeconds(30));
    FreezeWindow window = new FreezeWindow(session, timers);
    CompletableFuture<Boolean> held = monitorHeldAtExpiry(window, session);

    window.armSet(Duration.ofMillis(1));

    assertTrue(held.get(AWAIT_SECONDS, TimeUnit.SECONDS));
    assertTrue(window.setExpired());
    assertEquals(1, session.expiries());
  }

  @Test
  void aFreezeThatTimedOutAtItsWindowExpiresItUnderTheSessionToo() throws Exception {
    FakeSession session = new FakeSession(Duration.ofMillis(200));
    FreezeWindow window = new FreezeWindow(session, timers);
    CompletableFuture<Boolean> held = monitorHeldAtExpiry(window, session);
    Participant hangs = writer(200);

    window.expireWhereFreezeOutlivedItsWindow(
        Map.of(hangs, EventOutcome.timedOut(WriterEvent.FREEZE, "did not return within 200 ms")));

    assertTrue(held.getNow(false), "expired on the requestor's thread, under the session");
    assertEquals(1, session.expiries());
  }

  @Test
  void aFreezeThatTimedOutAtTheEventTimeoutLeavesTheWindowToTheWatchdog() {
    // the event timeout (100 ms) is shorter than the window (5 s): the window did not end
    FakeSession session = new FakeSession(Duration.ofMillis(100));
    FreezeWindow window = new FreezeWindow(session, timers);

    window.expireWhereFreezeOutlivedItsWindow(
        Map.of(
            writer(5_000),
            EventOutcome.timedOut(WriterEvent.FREEZE, "did not return within 100 ms")));

    assertFalse(window.isExpired());
    assertEquals(0, session.expiries());
  }

  @Test
  void aWindowClosedInTimeNeverExpires() {
    FakeSession session = new FakeSession(Duration.ofSeconds(30));
    FreezeWindow window = new FreezeWindow(session, timers);
    window.disarm();

    window.arm(writer(1));
    window.armSet(Duration.ofMillis(1));

    assertEquals(0, timers.getQueue().size(), "a closed window scheduled a watchdog");
    assertFalse(window.isExpired());
  }
}
