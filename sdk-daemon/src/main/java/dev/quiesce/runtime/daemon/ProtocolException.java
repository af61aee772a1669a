package dev.quiesce.runtime.daemon;

import java.io.IOException;

/** The peer broke the daemon protocol: a bad frame, a message that does not parse. */
final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  ProtocolException(String message) {
    super(message);
  }

  ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
