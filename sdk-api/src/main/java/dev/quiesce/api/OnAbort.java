package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the handler of the {@link WriterEvent#ABORT} event.
 *
 * <p>The backup was abandoned after PrepareSnapshot began: a veto, a timeout, a provider failure or
 * the requestor's abort. Free what the backup built. Quiesce delivers it at most once per writer
 * and session, never after PostSnapshot, and always after Thaw for a writer that froze.
 *
 * <p>The handler is a non-private, non-static, non-abstract {@code void} method of a {@link Writer}
 * class, at most one per event. Its parameters are resolved by type, in any order: the event's
 * {@link AbortContext}, {@link SessionId}, any {@link SessionState} class, and {@code
 * Optional<SnapshotSetId>} (the id captured for this session). The annotation processor generates
 * the call; no reflection is involved.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnAbort {}
