package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the handler of the {@link WriterEvent#PREPARE_SNAPSHOT} event.
 *
 * <p>The heavy work before the freeze: checkpoint, drain queues, flush. Its deadline is longer than
 * Freeze's. A throw vetoes the snapshot set.
 *
 * <p>Flush here, not in Freeze: every writer's Freeze blocks its application's writes until Thaw,
 * while PrepareSnapshot runs for all writers at once with the application still working. What is
 * flushed here is not left for Freeze to write. The bank example calls Derby's {@code
 * SYSCS_CHECKPOINT_DATABASE()} here, so the checkpoint its Freeze makes ({@code
 * SYSCS_FREEZE_DATABASE()}) finds little to do. PrepareSnapshot runs before the coordinator's
 * freeze window is taken, possibly while another session holds the application frozen: do not take
 * a lock here that your Thaw needs, or that Thaw cannot run.
 *
 * <p>The handler is a non-private, non-static, non-abstract {@code void} method of a {@link Writer}
 * class, at most one per event. Its parameters are resolved by type, in any order: the event's
 * {@link PrepareSnapshotContext}, {@link SessionId}, any {@link SessionState} class, and {@link
 * SnapshotSetId} (the current id). The annotation processor generates the call; no reflection is
 * involved.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnPrepareSnapshot {}
