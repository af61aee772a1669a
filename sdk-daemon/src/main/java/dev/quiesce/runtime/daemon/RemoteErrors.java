package dev.quiesce.runtime.daemon;

import dev.quiesce.api.SessionId;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.daemon.Wire.Failure;
import dev.quiesce.runtime.daemon.Wire.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the daemon's errors back into the exceptions the in-process API throws, so a requestor
 * handles a remote backup's failure exactly as a local one.
 */
final class RemoteErrors {
  private RemoteErrors() {}

  static RuntimeException toException(Failure f, SessionId session) {
    String message = f.message() == null ? "(no message)" : f.message();
    return switch (f.kind() == null ? "" : f.kind()) {
      case "quiesce" ->
          new QuiesceException(
              f.session() != null ? f.session() : session,
              message,
              Status.toStatuses(f.writers()),
              null);
      case "illegal-argument" -> new IllegalArgumentException(message);
      case "illegal-state" -> new IllegalStateException(message);
      case "unsupported" -> new UnsupportedOperationException("the daemon: " + message);
      default ->
          new IllegalStateException("the daemon failed the call (" + f.kind() + "): " + message);
    };
  }

  /** The connection is gone: inside a session, the session is lost with it. */
  static RuntimeException lost(Path socket, SessionId session, IOException e) {
    String message =
        "lost the connection to the Quiesce daemon at " + socket + ": " + e.getMessage();
    if (session == null) {
      return new IllegalStateException(message, e);
    }
    return new QuiesceException(
        session, message + "; the daemon ends the session as REQUESTOR_LOST", List.of(), e);
  }

  static RuntimeException protocol(SessionId session, ProtocolException e) {
    return session == null
        ? new IllegalStateException(e.getMessage(), e)
        : new QuiesceException(session, e.getMessage(), List.of(), e);
  }
}
