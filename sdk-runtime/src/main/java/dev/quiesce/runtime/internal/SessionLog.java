package dev.quiesce.runtime.internal;

import dev.quiesce.api.SessionId;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * A logger that starts every line with the session id (VSS: "put it in every log line"), so lines
 * of concurrent sessions can be told apart whatever the logging backend prints. The id is also in
 * the MDC under {@link #MDC_KEY} while handlers run.
 */
final class SessionLog {
  static final String MDC_KEY = "quiesce.session";

  private final Logger log;
  private final String prefix;

  SessionLog(Logger log, SessionId session) {
    this.log = log;
    this.prefix = "[session " + session + "] ";
  }

  void debug(String format, Object... args) {
    if (log.isDebugEnabled()) {
      log.debug(prefix + format, args);
    }
  }

  void info(String format, Object... args) {
    log.info(prefix + format, args);
  }

  void warn(String format, Object... args) {
    log.warn(prefix + format, args);
  }

  void error(String format, Object... args) {
    log.error(prefix + format, args);
  }

  /** Puts {@code session} in the MDC; close the result to restore the previous value. */
  static MDC.MDCCloseable mdc(SessionId session) {
    return MDC.putCloseable(MDC_KEY, session.toString());
  }
}
