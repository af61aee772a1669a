package dev.quiesce.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The events during which an API method may be called, from the thread running the handler.
 *
 * <p>VSS documents, page by page, when each writer helper may be called: {@code
 * GetCurrentSnapshotSetId} only from PrepareSnapshot to PostSnapshot, {@code GetSnapshotDeviceName}
 * only in PostSnapshot, {@code SetWriterFailure} never in Identify. Called elsewhere, the VSS
 * helpers return an error or, worse, a plausible wrong answer (another backup's snapshot set id).
 * In Quiesce the rule is this annotation, and it is enforced twice:
 *
 * <ul>
 *   <li>at compile time, by the annotation processor, which follows every call in a {@link Writer}
 *       class back to the handlers that reach it and rejects a call reachable from any other event,
 *       from outside every event, or from a lambda or inner class that may run later;
 *   <li>at run time, where a call outside these events or from another thread throws {@link
 *       IllegalEventStateException}.
 * </ul>
 *
 * <p>The processor reads the annotation from the called method, so any method carrying it is
 * checked. It is kept at run time (unlike the other Quiesce annotations, which the processor alone
 * reads) so that the runtime's check reads the same table as the compiler's.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CallableDuring {
  /** The events during which the annotated method may be called. */
  WriterEvent[] value();
}
