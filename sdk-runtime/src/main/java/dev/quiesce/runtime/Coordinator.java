package dev.quiesce.runtime;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.spi.WriterDispatcher;
import java.util.List;

/**
 * The broker between requestors, writers and snapshot providers: VSS's service, embedded in a JVM.
 * Get it from Guice ({@link QuiesceModule}); writers bound with {@link WritersModule} are subscribed
 * when it is made.
 *
 * <p>It runs any number of sessions at once, but takes one freeze window at a time. It raises
 * BackupShutdown itself when a session ends in any way — closed, dropped and garbage-collected, or
 * its requestor lost — so a requestor cannot leave a writer frozen or waiting.
 */
public interface Coordinator extends SessionSource {
  /**
   * Subscribes a writer (VSS's {@code Subscribe}): later sessions send it events. Writers from
   * {@link WritersModule} are subscribed already.
   *
   * @throws IllegalStateException if the same writer instance is subscribed already
   */
  <W> void subscribe(WriterDispatcher<W> dispatcher, W writer);

  /**
   * Unsubscribes a writer: no new session sends it events; sessions under way still deliver what
   * they owe it (Thaw, Abort, BackupShutdown).
   *
   * @return whether it was subscribed
   */
  boolean unsubscribe(Object writer);

  @Override
  BackupSession openBackup(BackupOptions options);

  @Override
  RestoreSession openRestore(RestoreOptions options);

  @Override
  List<WriterStatus> writers();

  /** The sessions open now (not yet ended). Empty when idle: sessions leave nothing behind. */
  List<SessionId> activeSessions();

  /**
   * Ends a session whose requestor is gone (a dropped daemon connection, an expired lease): its
   * frozen writers are thawed, a snapshot set in progress is aborted, and every writer gets
   * BackupShutdown with cause {@link dev.quiesce.api.ShutdownCause#REQUESTOR_LOST} at once. Returns
   * without waiting for the writers.
   *
   * @return whether the session was open
   */
  boolean requestorLost(SessionId session);
}
