package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose instances live for one backup or restore session.
 *
 * <p>A handler may take a parameter of such a class. The first handler of a session that asks for
 * it gets a new instance, made by Guice (so it may have {@code @Inject} dependencies); later
 * handlers of the same session get the same instance, and it is dropped after BackupShutdown. This
 * is how a writer keeps per-backup state (a held lock, a start time, a captured id) without maps
 * keyed by session, and stays right when it takes part in several backups at once, which VSS allows
 * and where writers that keep such state in fields go wrong.
 *
 * <pre>{@code
 * @SessionState
 * final class HeldWrites { WriteLock lock; }
 *
 * @OnFreeze void freeze(FreezeContext ctx, HeldWrites held) { held.lock = db.holdWrites(); }
 * @OnThaw void thaw(ThawContext ctx, HeldWrites held) { held.lock.release(); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SessionState {}
