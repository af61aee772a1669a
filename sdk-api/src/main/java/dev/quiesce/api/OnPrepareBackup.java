package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the handler of the {@link WriterEvent#PREPARE_BACKUP} event.
 *
 * <p>Told which components were selected and what kind of backup this is. The earliest point at
 * which the backup type is known; long preparation may start here but must be done before
 * PrepareSnapshot returns. A writer with no selected component gets no further event of the session
 * but BackupShutdown.
 *
 * <p>The handler is a non-private, non-static, non-abstract {@code void} method of a {@link Writer}
 * class, at most one per event. Its parameters are resolved by type, in any order: the event's
 * {@link PrepareBackupContext}, {@link SessionId}, any {@link SessionState} class. The annotation
 * processor generates the call; no reflection is involved.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnPrepareBackup {}
