package dev.quiesce.runtime;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.spi.WriterDispatcher;
import java.util.List;

/**
 * The broker between requestors, writers and snapshot providers: VSS's service, embedded in a JVM.
 * Get it from Guice ({@link QuiesceModule}); writers bound with {@link WritersModule} are
 * subscribed when it is made.
 *
 * <p>It runs any number of sessions at once, but takes one freeze window at a time. It raises
 * BackupShutdown itself when a session ends in any way — closed, dropped and garbage-collected, or
 * its requestor lost — so a requestor cannot leave a writer frozen or waiting.
 *
 * <h2>Lifecycle</h2>
 *
 * A coordinator runs from the moment Guice makes it until {@link #close()}. Closing it closes, in
 * reverse order of registration, what was registered with {@link #closeFirst} (a {@code
 * QuiesceDaemon} serving it registers itself, so no backup tool can open a session while it
 * closes); then ends every open session at once (frozen writers thawed, a snapshot set in progress
 * aborted, BackupShutdown with {@link dev.quiesce.api.ShutdownCause#COORDINATOR_CLOSED}), waits a
 * bounded time for the writers' BackupShutdown handlers, and stops its threads. After that it opens
 * no session, and none of its threads is left. Closing twice does nothing.
 */
public interface Coordinator extends SessionSource, AutoCloseable {
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

  /**
   * Has {@code dependent} closed when this coordinator closes, before it ends its sessions; what
   * was registered last is closed first. For what serves this coordinator to others, such as a
   * daemon.
   *
   * @throws IllegalStateException if the coordinator is closed already
   */
  void closeFirst(AutoCloseable dependent);

  /**
   * Closes the coordinator: what {@link #closeFirst} registered, then every open session (ended
   * with {@link dev.quiesce.api.ShutdownCause#COORDINATOR_CLOSED}), then its threads. Idempotent;
   * never throws: what fails on the way is logged, and the rest is still closed.
   */
  @Override
  void close();
}
