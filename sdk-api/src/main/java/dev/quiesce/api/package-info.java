/**
 * The writer API of Quiesce: what application code compiles against to take part in
 * application-consistent backups.
 *
 * <p>A writer is a class annotated {@link dev.quiesce.api.Writer} whose methods handle the events
 * of the VSS writer model ({@link dev.quiesce.api.OnFreeze}, {@link dev.quiesce.api.OnThaw}, {@link
 * dev.quiesce.api.OnBackupShutdown}, ...). The annotation processor ({@code sdk-processor}) checks
 * it at compile time and generates its dispatcher; the runtime ({@code sdk-runtime}) delivers the
 * events. Nothing here depends on Guice or on the runtime.
 */
package dev.quiesce.api;
