package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Syncs run behind the caller and {@link SyncBehind#awaitAll} waits for every one, throwing the
 * first failure; a file at or over the inline size is synced on the caller's thread, its failure
 * thrown at once.
 */
class SyncBehindTest {
  @Test
  void awaitAllWaitsForEverySyncAndThrowsTheFirstFailure() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger done = new AtomicInteger();
    IOException failure = new IOException("cannot write the copy of /data/a (test)");
    try (SyncBehind syncs = new SyncBehind(Long.MAX_VALUE)) {
      syncs.submit(
          1,
          () -> {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            done.incrementAndGet();
            throw failure;
          });
      for (int i = 0; i < 2 * SyncBehind.PENDING; i++) {
        syncs.submit(1, done::incrementAndGet);
      }
      release.countDown();
      IOException thrown = assertThrows(IOException.class, syncs::awaitAll);
      assertSame(failure, thrown);
      assertEquals(1 + 2 * SyncBehind.PENDING, done.get(), "every sync ran (each closes a file)");
      assertSame(failure, assertThrows(IOException.class, () -> syncs.submit(1, () -> {})));
    }
  }

  @Test
  void aLargeFileIsSyncedOnTheCallersThread() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    try (SyncBehind syncs = new SyncBehind(100)) {
      syncs.submit(100, () -> ranOn.set(Thread.currentThread()));
      assertSame(Thread.currentThread(), ranOn.get());
      syncs.submit(99, () -> ranOn.set(Thread.currentThread()));
      syncs.awaitAll();
      assertNotSame(Thread.currentThread(), ranOn.get());
      IOException failure = new IOException("fsync failed (test)");
      assertSame(
          failure,
          assertThrows(
              IOException.class,
              () ->
                  syncs.submit(
                      100,
                      () -> {
                        throw failure;
                      })));
    }
  }
}
