package dev.quiesce.runtime.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiesce.api.SessionId;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.RestoreOptions;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.SessionSource;
import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.daemon.ClientConnection.CallFailedException;
import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A backup tool's connection to a {@link QuiesceDaemon}: the same {@link BackupSession} API as an
 * in-process coordinator, driven over the daemon's socket.
 *
 * <pre>{@code
 * try (RemoteCoordinator daemon = RemoteCoordinator.connect(socket, "nightly-backup");
 *     BackupSession backup = daemon.openBackup(BackupOptions.full())) {
 *   backup.prepareForBackup();
 *   try (SnapshotSet set = backup.doSnapshotSet(List.of(dataDir))) {
 *     copy(set.pathOf(dataDir));
 *   }
 *   backup.selectedComponents().forEach(c -> backup.setBackupSucceeded(c, true));
 *   backup.backupComplete();
 * }
 * }</pre>
 *
 * <p>The daemon ties sessions to this connection: closing it, or this process dying, ends every
 * session still open as {@code REQUESTOR_LOST} (writers thawed, BackupShutdown sent). Who this
 * requestor is comes from the socket's peer credentials, not from what it says; its name is for
 * logs and writers. Thread-safe; {@link BackupSession#abort()} may be called from another thread
 * while a call of the same session waits.
 */
public final class RemoteCoordinator implements SessionSource, AutoCloseable {
  private final ClientConnection connection;

  private RemoteCoordinator(ClientConnection connection) {
    this.connection = connection;
  }

  /**
   * Connects to the daemon at {@code socket} as the requestor {@code name}.
   *
   * @throws IOException if nobody listens there, the socket cannot be reached, or the daemon
   *     refuses this user (the message says why and what to do)
   */
  public static RemoteCoordinator connect(Path socket, String name) throws IOException {
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(name, "name");
    return new RemoteCoordinator(ClientConnection.open(socket.toAbsolutePath(), name));
  }

  /**
   * Opens a backup session in the daemon. The options' requestor is replaced by the daemon with
   * this connection's (its name, pid and OS user).
   *
   * @throws IllegalStateException if the connection is gone
   */
  @Override
  public BackupSession openBackup(BackupOptions options) {
    Wire.Options wire = Wire.Options.of(options);
    JsonNode id = call(null, n -> Request.of(n, Call.OPEN_BACKUP, null).withOptions(wire));
    return new RemoteBackupSession(this, convert(null, id, SessionId.class));
  }

  /**
   * Opens a restore session in the daemon; the files are restored by this process (it must be able
   * to write them), the writers are told by the daemon.
   */
  @Override
  public RestoreSession openRestore(RestoreOptions options) {
    Wire.RestoreChoice wire = Wire.RestoreChoice.of(options);
    JsonNode id = call(null, n -> Request.of(n, Call.OPEN_RESTORE, null).withRestore(wire));
    return new RemoteRestoreSession(this, convert(null, id, SessionId.class));
  }

  /** Every writer's status in the daemon's coordinator, as of its latest session. */
  @Override
  public List<WriterStatus> writers() {
    JsonNode statuses = call(null, n -> Request.of(n, Call.WRITERS, null));
    return Status.toStatuses(convertList(null, statuses, Status.class));
  }

  /** The OS user the daemon runs as. */
  public String daemonUser() {
    return connection.welcome().daemonUser();
  }

  /** Whether the connection is still up. */
  public boolean isConnected() {
    return connection.isOpen();
  }

  /**
   * Completes when the connection ends: closed here, closed by the daemon, or the daemon's process
   * gone (the kernel closes its socket at once, or the heartbeat stops). A requestor driving
   * several daemons in lockstep watches it to abort the others without waiting for its next call.
   */
  public CompletionStage<Void> disconnected() {
    return connection.ended().minimalCompletionStage();
  }

  /** Closes the connection; the daemon ends every session of it still open as lost. */
  @Override
  public void close() {
    connection.close();
  }

  /** One call; errors become the exceptions the in-process API throws. */
  JsonNode call(SessionId session, java.util.function.LongFunction<Request> request) {
    try {
      return connection.call(request);
    } catch (CallFailedException e) {
      throw RemoteErrors.toException(e.failure(), session);
    } catch (IOException e) {
      throw RemoteErrors.lost(connection.socket(), session, e);
    }
  }

  <T> T convert(SessionId session, JsonNode node, Class<T> type) {
    try {
      return Wire.convert(node, type);
    } catch (ProtocolException e) {
      throw RemoteErrors.protocol(session, e);
    }
  }

  <T> List<T> convertList(SessionId session, JsonNode node, Class<T> type) {
    try {
      return Wire.convertList(node, type);
    } catch (ProtocolException e) {
      throw RemoteErrors.protocol(session, e);
    }
  }
}
