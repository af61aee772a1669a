package dev.quiesce.runtime.internal;

import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import java.util.Optional;

/**
 * How one event ended for one writer.
 *
 * @param event the event
 * @param kind how it ended
 * @param failure the failure kind, for FAILED, TIMED_OUT and a reported (non-vetoing) failure
 * @param message the failure's message
 */
record EventOutcome(WriterEvent event, Kind kind, Optional<WriterFailure> failure, String message) {
  enum Kind {
    /** The handler returned (perhaps after reporting a failure without vetoing). */
    OK,
    /** The handler threw: a veto in PrepareSnapshot, Freeze or Thaw. */
    FAILED,
    /** The handler did not return by its deadline; it may still be running. */
    TIMED_OUT,
    /** The event was not delivered: the session ended or the writer was left out first. */
    NOT_DELIVERED
  }

  static EventOutcome ok(WriterEvent event) {
    return new EventOutcome(event, Kind.OK, Optional.empty(), "");
  }

  static EventOutcome reported(WriterEvent event, WriterFailure failure, String message) {
    return new EventOutcome(event, Kind.OK, Optional.of(failure), message);
  }

  static EventOutcome failed(WriterEvent event, WriterFailure failure, String message) {
    return new EventOutcome(event, Kind.FAILED, Optional.of(failure), message);
  }

  static EventOutcome timedOut(WriterEvent event, String message) {
    return new EventOutcome(event, Kind.TIMED_OUT, Optional.of(WriterFailure.TIMEOUT), message);
  }

  static EventOutcome notDelivered(WriterEvent event, String why) {
    return new EventOutcome(event, Kind.NOT_DELIVERED, Optional.empty(), why);
  }

  /** Whether the handler failed, timed out or reported a failure. */
  boolean hasFailure() {
    return failure.isPresent();
  }

  /** Whether the event vetoes: the handler threw or did not return in time. */
  boolean vetoes() {
    return kind == Kind.FAILED || kind == Kind.TIMED_OUT;
  }
}
