package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the handler of the {@link WriterEvent#BACKUP_COMPLETE} event.
 *
 * <p>The requestor reports the copy done: check which components succeeded, then truncate logs or
 * record the backup. Never guaranteed: a requestor that dies sends no BackupComplete, so cleanup
 * belongs in {@link OnBackupShutdown}.
 *
 * <p>The handler is a non-private, non-static, non-abstract {@code void} method of a {@link Writer}
 * class, at most one per event. Its parameters are resolved by type, in any order: the event's
 * {@link BackupCompleteContext}, {@link SessionId}, any {@link SessionState} class, and {@code
 * Optional<SnapshotSetId>} (the id captured for this session). The annotation processor generates
 * the call; no reflection is involved.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnBackupComplete {}
