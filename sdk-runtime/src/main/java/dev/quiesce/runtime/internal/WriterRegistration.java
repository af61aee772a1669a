package dev.quiesce.runtime.internal;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.WriterState;
import dev.quiesce.api.spi.WriterDescriptor;
import dev.quiesce.api.spi.WriterDispatcher;
import dev.quiesce.runtime.WriterStatus;
import java.util.Optional;
import java.util.UUID;

/**
 * One subscribed writer: its instance, its dispatcher, and its status as of its latest session.
 *
 * <p>The status is published by sessions in the order they were opened: a late BackupShutdown of an
 * older session (a handler that hung, then returned) does not overwrite what a newer session
 * showed. Only values are kept (a session id, never a session), so nothing of an ended session
 * stays here.
 */
final class WriterRegistration {
  private final WriterDispatcher<Object> dispatcher;
  private final Object writer;
  private final WriterDescriptor descriptor;
  private final UUID instanceId = UUID.randomUUID();
  private WriterStatus status;
  private long statusSequence = -1;

  @SuppressWarnings("unchecked")
  WriterRegistration(WriterDispatcher<?> dispatcher, Object writer) {
    this.dispatcher = (WriterDispatcher<Object>) dispatcher;
    this.writer = writer;
    this.descriptor = dispatcher.descriptor();
    this.status =
        new WriterStatus(
            descriptor.name(),
            descriptor.id(),
            descriptor.instanceName(),
            instanceId,
            WriterState.STABLE,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
  }

  WriterDispatcher<Object> dispatcher() {
    return dispatcher;
  }

  Object writer() {
    return writer;
  }

  WriterDescriptor descriptor() {
    return descriptor;
  }

  String name() {
    return descriptor.name();
  }

  ApplicationLevel level() {
    return descriptor.level();
  }

  UUID instanceId() {
    return instanceId;
  }

  /** Publishes a session's view of this writer unless a newer session published already. */
  synchronized void publish(long sessionSequence, WriterStatus newStatus) {
    if (sessionSequence >= statusSequence) {
      statusSequence = sessionSequence;
      status = newStatus;
    }
  }

  synchronized WriterStatus status() {
    return status;
  }
}
