/**
 * A test kit for writer authors: drive one writer through backups and restores, inject the faults
 * the VSS Test Writer injects (a failure or a hang at any event), make the requestor vanish at any
 * point, and assert what the writer saw.
 *
 * <pre>{@code
 * try (WriterHarness<OrdersWriter> h = WriterHarness.forWriter(OrdersWriter.class)
 *     .modules(new TestDatabaseModule())
 *     .eventTimeouts(Duration.ofMillis(500))
 *     .build()) {
 *   h.faults().inject(WriterEvent.FREEZE, Fault.hang());
 *   BackupResult r = h.backup();
 *   r.assertFailed();
 *   h.recording().assertInvariants(r.session());
 *   h.recording().assertOneShutdown(r.session(), ShutdownCause.ABORTED);
 * }
 * }</pre>
 *
 * <p>Each backup call returns once the session is over for the writer too (the hangs it injected
 * are released when the requestor is done, and the writer's BackupShutdown is awaited, bounded), so
 * the recording is complete when the result is in hand.
 *
 * <p>No JUnit dependency: failed checks throw {@link AssertionError}, which every test framework
 * reports as a failure.
 */
package dev.quiesce.runtime.testing;
