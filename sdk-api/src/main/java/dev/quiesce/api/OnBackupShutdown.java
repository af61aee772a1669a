package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the handler of the {@link WriterEvent#BACKUP_SHUTDOWN} event.
 *
 * <p>The backup session is over, however it ended. Raised by the coordinator, never by the
 * requestor: on close, when an unclosed session is collected, when the requestor's process or
 * connection dies. Exactly once, last, for every writer that received any event of the session,
 * with the snapshot set id captured for <em>this</em> session and the {@link ShutdownCause}.
 *
 * <p>The handler is a non-private, non-static, non-abstract {@code void} method of a {@link Writer}
 * class, at most one per event. Its parameters are resolved by type, in any order: the event's
 * {@link BackupShutdownContext}, {@link SessionId}, any {@link SessionState} class, {@code
 * Optional<SnapshotSetId>} (the id captured for this session) and {@link ShutdownCause}. The
 * annotation processor generates the call; no reflection is involved.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnBackupShutdown {}
