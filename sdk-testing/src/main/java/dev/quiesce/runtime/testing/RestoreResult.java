package dev.quiesce.runtime.testing;

import dev.quiesce.api.SessionId;
import dev.quiesce.runtime.WriterStatus;
import java.util.Optional;

/**
 * How one restore driven by {@link WriterHarness} went.
 *
 * @param session the session
 * @param failure the failure the requestor saw, if any
 * @param status the writer's status in the session
 */
public record RestoreResult(
    SessionId session, Optional<RuntimeException> failure, WriterStatus status) {}
