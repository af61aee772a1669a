package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the handler of the {@link WriterEvent#THAW} event.
 *
 * <p>Resume writes after the snapshot provider has taken the point-in-time copy, or after the
 * freeze window expired. Delivered in reverse level order, and always delivered to a writer that
 * froze, before any Abort. Must be idempotent and quick; keep temporary files until PostSnapshot.
 *
 * <p>The handler is a non-private, non-static, non-abstract {@code void} method of a {@link Writer}
 * class, at most one per event. Its parameters are resolved by type, in any order: the event's
 * {@link ThawContext}, {@link SessionId}, any {@link SessionState} class, and {@link SnapshotSetId}
 * (the current id). The annotation processor generates the call; no reflection is involved.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnThaw {}
