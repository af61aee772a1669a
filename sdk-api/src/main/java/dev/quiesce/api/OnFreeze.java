package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the handler of the {@link WriterEvent#FREEZE} event.
 *
 * <p>Hold writes so the data on disk is consistent. Short work only: the writer stays frozen until
 * Thaw, which the coordinator guarantees within {@link Writer#freezeTimeoutMillis()} whatever else
 * fails. Writers freeze by {@link ApplicationLevel}: front ends first, then back ends, then system
 * writers. A throw vetoes the snapshot set. A writer with an {@code @OnFreeze} handler must also
 * have an {@link OnThaw} handler; the processor rejects one without the other.
 *
 * <p>The handler is a non-private, non-static, non-abstract {@code void} method of a {@link Writer}
 * class, at most one per event. Its parameters are resolved by type, in any order: the event's
 * {@link FreezeContext}, {@link SessionId}, any {@link SessionState} class, and {@link
 * SnapshotSetId} (the current id). The annotation processor generates the call; no reflection is
 * involved.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnFreeze {}
