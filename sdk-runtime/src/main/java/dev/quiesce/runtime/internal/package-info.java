/**
 * The runtime's implementation: session state machines, per-writer-per-session lanes, the freeze
 * window lock and watchdog, event contexts, the {@code WriterContext} implementation, the default
 * snapshot provider. Not API: only {@code dev.quiesce.runtime} and {@code
 * dev.quiesce.runtime.testing} are.
 */
package dev.quiesce.runtime.internal;
