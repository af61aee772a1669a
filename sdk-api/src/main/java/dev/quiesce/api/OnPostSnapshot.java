package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the handler of the {@link WriterEvent#POST_SNAPSHOT} event.
 *
 * <p>The snapshot exists: last edits to backup metadata, repair or trim the snapshot copy through
 * {@link PostSnapshotContext#snapshotPathOf(java.nio.file.Path)}, remove temporary files. After
 * this event no Abort is ever delivered for the session.
 *
 * <p>The handler is a non-private, non-static, non-abstract {@code void} method of a {@link Writer}
 * class, at most one per event. Its parameters are resolved by type, in any order: the event's
 * {@link PostSnapshotContext}, {@link SessionId}, any {@link SessionState} class, and {@link
 * SnapshotSetId} (the current id). The annotation processor generates the call; no reflection is
 * involved.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnPostSnapshot {}
