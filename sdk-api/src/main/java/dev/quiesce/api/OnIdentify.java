package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the handler of the {@link WriterEvent#IDENTIFY} event.
 *
 * <p>Describes the writer's data: its components, their file sets, what to exclude and how to
 * restore. VSS raises Identify at any time, from any session or process, even in the middle of
 * another backup, so the handler must build the same metadata every time, must not start work or
 * keep state, and may not report a failure (a throw leaves the writer out of this session's
 * metadata).
 *
 * <p>The handler is a non-private, non-static, non-abstract {@code void} method of a {@link Writer}
 * class, at most one per event. Its parameters are resolved by type, in any order: the event's
 * {@link IdentifyContext}, {@link SessionId}, any {@link SessionState} class. The annotation
 * processor generates the call; no reflection is involved.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnIdentify {}
