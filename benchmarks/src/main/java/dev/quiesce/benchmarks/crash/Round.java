package dev.quiesce.benchmarks.crash;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One kill's observations, as the writers and the held provider saw them: when the provider's take
 * started (the writers are frozen then), the first and last BackupShutdown with {@code
 * REQUESTOR_LOST} and the last Thaw, each as {@link System#nanoTime()}. A fresh round per kill, so
 * a late event of an earlier round can never count for this one.
 */
public final class Round {
  private final CountDownLatch taking = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final CountDownLatch returned = new CountDownLatch(1);
  private final CountDownLatch shutDown;
  private final CountDownLatch thawed;
  private final AtomicLong firstShutdown = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastShutdown = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong lastThaw = new AtomicLong(Long.MIN_VALUE);
  private final AtomicInteger otherCauses = new AtomicInteger();

  Round(int writers) {
    shutDown = new CountDownLatch(writers);
    thawed = new CountDownLatch(writers);
  }

  void shutDownAt(long nanos) {
    firstShutdown.accumulateAndGet(nanos, Math::min);
    lastShutdown.accumulateAndGet(nanos, Math::max);
    shutDown.countDown();
  }

  /** A BackupShutdown with another cause: the kill was not what ended the session. */
  void shutDownOtherwise() {
    otherCauses.incrementAndGet();
  }

  void thawedAt(long nanos) {
    lastThaw.accumulateAndGet(nanos, Math::max);
    thawed.countDown();
  }

  public CountDownLatch taking() {
    return taking;
  }

  public CountDownLatch released() {
    return released;
  }

  public CountDownLatch returned() {
    return returned;
  }

  /** Opens when every writer got BackupShutdown with {@code REQUESTOR_LOST}. */
  public CountDownLatch shutDown() {
    return shutDown;
  }

  /** Opens when every writer was thawed. */
  public CountDownLatch thawed() {
    return thawed;
  }

  public long firstShutdown() {
    return firstShutdown.get();
  }

  public long lastShutdown() {
    return lastShutdown.get();
  }

  public long lastThaw() {
    return lastThaw.get();
  }

  public int otherCauses() {
    return otherCauses.get();
  }
}
